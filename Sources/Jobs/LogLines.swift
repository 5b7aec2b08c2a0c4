/// Cuts a worker's output stream into log lines: at each newline, and a line longer than
/// ``maxBytes`` into pieces that end on a UTF-8 character boundary and fit the `line TEXT` column
/// of `sluice_job_logs`, so no line is cut inside a character and none is refused (and lost).
struct LogLines {
    /// The most UTF-8 bytes a stored line may have (a MariaDB `TEXT`).
    static let maxBytes = 65_535

    private var pending: [UInt8] = []

    /// Takes the next bytes of the stream; returns the lines (and pieces of long lines) completed.
    mutating func append(_ bytes: some Sequence<UInt8>) -> [String] {
        pending += bytes
        var lines: [String] = []
        while let line = nextLine() { lines.append(line) }
        return lines
    }

    /// The end of the stream: what is left after the last newline, if anything.
    mutating func finish() -> [String] {
        var lines: [String] = []
        while !pending.isEmpty { lines.append(piece(upTo: min(pending.count, Self.maxBytes), skip: 0)) }
        return lines
    }

    private mutating func nextLine() -> String? {
        if let newline = pending.prefix(Self.maxBytes + 1).firstIndex(of: 10) {
            return piece(upTo: newline, skip: 1)
        }
        guard pending.count > Self.maxBytes else { return nil }
        return piece(upTo: Self.maxBytes, skip: 0)
    }

    /// Removes and decodes the first `end` bytes (and `skip` more: the newline), or fewer: a
    /// forced cut moves back to a character boundary, and a piece whose invalid bytes decode to
    /// too many U+FFFD (three bytes each) is halved until it fits ``maxBytes``.
    private mutating func piece(upTo end: Int, skip: Int) -> String {
        var cut = skip == 0 ? boundary(atOrBefore: end) : end
        var text = String(decoding: pending[..<cut], as: UTF8.self)
        while text.utf8.count > Self.maxBytes {
            cut = boundary(atOrBefore: cut / 2)
            text = String(decoding: pending[..<cut], as: UTF8.self)
        }
        pending.removeSubrange(..<(cut == end ? end + skip : cut))
        return text
    }

    /// `index`, moved back over up to three continuation bytes so that it does not split a
    /// character (unchanged when that would leave nothing before it).
    private func boundary(atOrBefore index: Int) -> Int {
        var cut = index
        while cut > 0, cut < pending.count, index - cut < 3, pending[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut == 0 ? index : cut
    }
}
