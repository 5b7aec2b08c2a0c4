extension SelfCheck.Result {
    /// The results as an aligned plain-text table: check, status, HTTP status, latency, detail.
    public static func table(_ results: [SelfCheck.Result]) -> String {
        let header = ["check", "result", "http", "ms", "detail"]
        let rows = results.map {
            [$0.name, $0.passed ? "pass" : "FAIL", String($0.status), String($0.milliseconds), $0.detail ?? ""]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 2 || column == 3 ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }
}
