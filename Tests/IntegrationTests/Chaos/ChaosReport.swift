import Foundation
import MariaDB
import Testing

/// The fault tests run by `make chaos` only (`SLUICE_CHAOS=1`), never by `make test`: they kill
/// servers and take minutes.
let chaosOnly = Testing.ConditionTrait.enabled(if: ProcessInfo.processInfo.environment["SLUICE_CHAOS"] == "1")

/// One row of the table `make chaos` prints: a fault, what was checked, the rows lost and doubled
/// (both must be 0), and how long service took to come back.
struct ChaosReport {
    let fault: String
    let checked: String
    let lost: Int
    let doubled: Int
    let recovery: TimeInterval?

    /// Appends the row, tab-separated, to the file `$SLUICE_CHAOS_REPORT` (when set).
    func record() {
        guard let path = ProcessInfo.processInfo.environment["SLUICE_CHAOS_REPORT"] else { return }
        let time = recovery.map { String(format: "%.2f s", $0) } ?? "-"
        let line = [fault, checked, "\(lost)", "\(doubled)", time].joined(separator: "\t") + "\n"
        guard let handle = FileHandle(forWritingAtPath: path) ?? create(path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(line.utf8))
    }

    private func create(_ path: String) -> FileHandle? {
        FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil
    }
}

/// Inserts `rows` rows (ids 1 to `rows`) into `hired_employees` in one statement.
func fillHiredEmployees(_ rows: Int, _ db: Connection) throws {
    try db.execute(
        """
        INSERT INTO hired_employees SELECT seq, CONCAT('Person ', seq), '2021-01-01 00:00:00',
          seq % 2 + 1, seq % 2 + 1 FROM seq_1_to_\(rows)
        """)
}

/// Seconds since `start`.
func seconds(since start: Date) -> TimeInterval { Date().timeIntervalSince(start) }
