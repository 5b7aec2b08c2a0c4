/// The prepared statements one connection keeps for reuse, by their SQL text (`Connection.cachedStatement`).
///
/// Bounded: when it holds `capacity` statements it closes them all and starts afresh, so a caller
/// whose SQL varies (an `IN` list as long as its values) never grows it without end.
final class StatementCache {
    /// The most statements kept.
    static let capacity = 32

    private var statements: [String: Statement] = [:]

    /// The statement for `sql`, prepared by `prepare` the first time.
    func statement(_ sql: String, prepare: () throws -> Statement) throws -> Statement {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.capacity { statements.removeAll() }
        let statement = try prepare()
        statements[sql] = statement
        return statement
    }

    /// Closes every statement.
    func removeAll() {
        statements.removeAll()
    }
}
