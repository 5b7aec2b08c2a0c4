import MariaDB
import Testing

@testable import Backup

@Suite("Content checksum")
struct ContentChecksumTests {
    /// The checksum of `rows`.
    static func checksum(_ rows: [[Value]]) -> String {
        var content = ContentChecksum()
        for row in rows { content.add(row) }
        return content.finish()
    }

    @Test("numbers (every digit count), nulls and doubles hash as the text the mariadb client prints, across buffers")
    func canonicalText() {
        let powers = (1...18).map { (0..<$0).reduce(Int64(1)) { power, _ in power * 10 } }
        let numbers: [Int64] =
            [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 1_636_253_322_000_000, -1, -10, .max, .min]
            + powers.flatMap { [$0 - 1, $0, -$0, $0 * 9 + 7] }
        var typed: [[Value]] = []
        var text: [[Value]] = []
        for index in 0..<20_000 {  // about 600 KB of text: several 64 KiB buffers
            let number = numbers[index % numbers.count] &+ Int64(index % 3)
            typed.append([.int(number), .string("Zoë \(index)"), .null, .double(Double(index) / 4), .bytes([0x41])])
            text.append([
                .string(String(number)), .string("Zoë \(index)"), .string("NULL"),
                .string(String(Double(index) / 4)), .string("A"),
            ])
        }
        #expect(Self.checksum(typed) == Self.checksum(text))
        #expect(Self.checksum([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.checksum([[.int(1), .string("a")]]) == Self.checksum([[.string("1\ta")]]))
    }

    @Test("a copy keeps its own text")
    func copies() {
        var first = ContentChecksum()
        first.add([.int(1)])
        var second = first
        second.add([.int(2)])
        first.add([.int(3)])
        #expect(first.finish() == Self.checksum([[.int(1)], [.int(3)]]))
        #expect(second.finish() == Self.checksum([[.int(1)], [.int(2)]]))
    }
}
