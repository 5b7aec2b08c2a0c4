import Foundation
import Migration

/// The migration summary as an aligned plain-text table, one line per table plus a total.
struct SummaryTable {
    let text: String

    init(_ summary: MigrationSummary) {
        let header = ["table", "outcome", "received", "inserted", "rejected", "skipped", "seconds", "rejects file"]
        var rows = summary.tables.map { table in
            [
                table.table, table.outcome.rawValue, String(table.received), String(table.inserted),
                String(table.rejected), String(table.skipped), String(format: "%.2f", table.seconds),
                table.rejectFile ?? "-",
            ]
        }
        rows.append([
            "total", "", String(summary.received), String(summary.inserted), String(summary.rejected),
            String(summary.skipped), "", "",
        ])
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        text = ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return (2...5).contains(column) || column == 6 ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
