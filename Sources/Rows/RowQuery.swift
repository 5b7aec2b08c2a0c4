public import DataDictionary
import Errors
import Loading
import MariaDB

/// A page request over one table: filters by column equality (`department_id=5`) and ranges
/// (`datetime_from` inclusive, `datetime_to` exclusive), a sort on the primary key or an indexed
/// column (`sort=datetime`, `sort=-datetime` for descending), and keyset paging: `limit` (1 to 1,000,
/// default 100) rows after the row whose primary key is `after`.
public struct RowQuery: Sendable {
    /// Most rows a page holds.
    public static let maxLimit = 1000

    let table: TableDefinition
    let limit: Int
    let after: CellValue?
    let sort: ColumnDefinition
    let descending: Bool
    let conditions: [(sql: String, bind: Value)]

    /// Reads the query parameters of a list request; any other parameter is refused, so a typo in
    /// a filter never silently lists every row.
    public init(table: TableDefinition, parameters: [String: String]) throws {
        self.table = table
        var conditions: [(String, Value)] = []
        var limit = 100
        var after: CellValue?
        var sort = table.primaryKey
        var descending = false
        for (name, text) in parameters.sorted(by: { $0.key < $1.key }) {
            switch name {
            case "limit":
                guard let value = Int(text), (1...Self.maxLimit).contains(value) else {
                    throw RowsError(.invalidParameter, "limit must be 1 to \(Self.maxLimit)")
                }
                limit = value
            case "after": after = try Self.value(text, of: table.primaryKey, parameter: name)
            case "sort":
                descending = text.hasPrefix("-")
                let columnName = String(text.drop { $0 == "-" || $0 == "+" })
                guard let column = table.column(named: columnName), column.required,
                    column.primaryKey || column.index || column.unique
                else {
                    let sortable = table.columns.filter { $0.required && ($0.isUnique || $0.index) }.map(\.name)
                    throw RowsError(
                        .invalidParameter, "sort must name an indexed column: \(sortable.joined(separator: ", "))")
                }
                sort = column
            case "api_key": continue
            default: conditions.append(try Self.condition(name, text, in: table))
            }
        }
        self.limit = limit
        self.after = after
        self.sort = sort
        self.descending = descending
        self.conditions = conditions
    }

    /// A filter: `column=value`, `column_from=value` (>=) or `column_to=value` (<).
    private static func condition(_ name: String, _ text: String, in table: TableDefinition) throws -> (String, Value) {
        let forms: [(suffix: String, comparison: String)] = [("", "="), ("_from", ">="), ("_to", "<")]
        for (suffix, comparison) in forms where name.hasSuffix(suffix) {
            guard let column = table.column(named: String(name.dropLast(suffix.count))) else { continue }
            let value = try Self.value(text, of: column, parameter: name)
            return ("\(quoteIdentifier(column.name)) \(comparison) ?", value.bindValue)
        }
        let columns = table.columns.map(\.name).joined(separator: ", ")
        throw RowsError(
            .invalidParameter,
            "unknown parameter '\(name)'; filter on a column (\(columns)), with _from or _to for a range")
    }

    /// The typed value of a parameter, checked by its column's type.
    private static func value(_ text: String, of column: ColumnDefinition, parameter: String) throws -> CellValue {
        var typeOnly = column
        (typeOnly.min, typeOnly.max, typeOnly.minLength, typeOnly.pattern, typeOnly.allowed) = (nil, nil, nil, nil, nil)
        switch typeOnly.value(of: text) {
        case .success(let value): return value
        case .failure(let violation): throw RowsError(.invalidParameter, "\(parameter): \(violation.message)")
        }
    }

    /// The page's `SELECT`: filters, the keyset condition after the `after` row, the sort, limit + 1
    /// rows (the extra one says whether there is a next page).
    var sql: (text: String, binds: [Value]) {
        let rows = RowSQL(table: table)
        var clauses = conditions.map(\.sql)
        var binds = conditions.map(\.bind)
        let direction = descending ? "DESC" : "ASC"
        let comparison = descending ? "<" : ">"
        let sortName = quoteIdentifier(sort.name)
        if let after {
            if sort.primaryKey {
                clauses.append("\(rows.key) \(comparison) ?")
                binds.append(after.bindValue)
            } else {
                clauses.append(
                    "(\(sortName), \(rows.key)) \(comparison) ((SELECT \(sortName) FROM \(rows.name) WHERE \(rows.key) = ?), ?)"
                )
                binds += [after.bindValue, after.bindValue]
            }
        }
        let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        let order = sort.primaryKey ? "\(sortName) \(direction)" : "\(sortName) \(direction), \(rows.key) \(direction)"
        return ("SELECT \(rows.selectList) FROM \(rows.name)\(filter) ORDER BY \(order) LIMIT \(limit + 1)", binds)
    }
}
