import Foundation
import Migration

/// Shows a load's progress: on a terminal a bar with rows/s and ETA redrawn in place on stderr,
/// otherwise a plain log line at most every five seconds.
final class TerminalProgress: MigrationProgress {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var startedAt = Date()
    private var startBytes: Int64 = 0
    private var startRows = 0
    private var lastLine = Date.distantPast

    func began(table: String, source: String, bytesDone: Int64, bytesTotal: Int64) {
        startedAt = Date()
        startBytes = bytesDone
        startRows = 0
        let resume = bytesDone > 0 ? " (resuming at byte \(bytesDone))" : ""
        log("loading \(source) into \(table)\(resume)")
    }

    func advanced(table: String, bytesDone: Int64, bytesTotal: Int64, counts: LoadCounts) {
        if startRows == 0 { startRows = max(counts.received - 1, 0) }
        let elapsed = max(Date().timeIntervalSince(startedAt), 0.001)
        let rate = Double(counts.received - startRows) / elapsed
        let fraction = bytesTotal > 0 ? Double(bytesDone) / Double(bytesTotal) : 1
        let byteRate = Double(bytesDone - startBytes) / elapsed
        let eta = byteRate > 0 ? Double(bytesTotal - bytesDone) / byteRate : 0
        let status = String(
            format: "%@ %3.0f%% %d rows (%d rejected) %.0f rows/s ETA %.0fs", table, fraction * 100, counts.received,
            counts.rejected, rate, eta)
        if isTerminal {
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            try? FileHandle.standardError.write(contentsOf: Data("\r[\(bar)] \(status)\u{1B}[K".utf8))
        } else if Date().timeIntervalSince(lastLine) >= 5 {
            lastLine = Date()
            log(status)
        }
    }

    func finished(_ summary: TableLoadSummary) {
        if isTerminal && summary.outcome != .alreadyLoaded {
            try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
        }
        var line =
            "\(summary.table): \(summary.outcome.rawValue), received \(summary.received), inserted \(summary.inserted), rejected \(summary.rejected), skipped \(summary.skipped)"
        if summary.outcome == .alreadyLoaded { line += " (this file was loaded before, as load \(summary.loadID))" }
        log(line)
    }

    private func log(_ message: String) {
        try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8))
    }
}
