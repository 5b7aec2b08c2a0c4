import Foundation
import Testing

@testable import CSV

@Suite("CSVReader: throughput", .enabled(if: ProcessInfo.processInfo.environment["SLUICE_PERF"] == "1"))
struct CSVThroughputTests {
    @Test("prints rows/s for 1,000,000 hired_employees rows (SLUICE_PERF=1, best in release)")
    func hiredEmployees() throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(50_000_000)
        let names = ["Marcelo Gonzalez", "Ana", "Thia Morican", "Cirstoforo Martinetto", "Lotti Crowthe"]
        for id in 1...1_000_000 {
            let row = "\(id),\(names[id % names.count]),2021-07-27T16:02:08Z,\(id % 12 + 1),\(id % 183 + 1)\n"
            bytes += Array(row.utf8)
        }
        try withTemporaryFile(bytes) { path in
            let clock = ContinuousClock()
            var rows = 0
            var fieldBytes = 0
            let elapsed = try clock.measure {
                let reader = try CSVReader(path: path)
                while let record = try reader.next() {
                    rows += 1
                    fieldBytes += record.fields[1].utf8.count
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let megabytes = Double(bytes.count) / 1e6
            print(
                "CSV throughput: \(rows) rows, \(Int(megabytes)) MB in \(String(format: "%.3f", seconds)) s = "
                    + "\(Int(Double(rows) / seconds)) rows/s, \(Int(megabytes / seconds)) MB/s (checksum \(fieldBytes))"
            )
            #expect(rows == 1_000_000)
        }
    }
}
