internal import CMariaDB

/// Result `MYSQL_BIND`s that receive integers as `Int64`, floating-point numbers as `Double` and every
/// other column as text (or bytes for binary columns), growing a column's buffer when a value is longer
/// than it; freed in `deinit`. The buffers are plain pointers so that ``ResultRow`` reads cells in place
/// with no reference counting or exclusivity checks.
@usableFromInline
final class ResultBuffers {
    private let binds: UnsafeMutablePointer<MYSQL_BIND>
    @usableFromInline let lengths: UnsafeMutablePointer<UInt>
    @usableFromInline let nulls: UnsafeMutablePointer<CChar>
    private let errors: UnsafeMutablePointer<my_bool>
    /// Each column's buffer.
    @usableFromInline let buffers: UnsafeMutablePointer<UnsafeMutableRawPointer>
    private let capacities: UnsafeMutablePointer<Int>
    /// How each column arrives.
    @usableFromInline let kinds: UnsafeMutablePointer<ResultRow.Kind>
    /// Whether each text column of the fetched row is known to be valid UTF-8 (see ``ResultRow/withText(_:_:)``).
    @usableFromInline let validText: UnsafeMutablePointer<Bool>
    @usableFromInline let count: Int
    /// The temporal columns read as numbers (``TemporalColumns/epochNumbers``), with what they count.
    private let epochColumns: [(index: Int, unit: EpochUnit)]

    init(statement: UnsafeMutablePointer<MYSQL_STMT>, sql: String, temporal: TemporalColumns = .text) throws {
        guard let metadata = mysql_stmt_result_metadata(statement) else { throw Call.error(statement, sql: sql) }
        defer { mysql_free_result(metadata) }
        count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        let slots = max(count, 1)
        kinds = .allocate(capacity: slots)
        kinds.initialize(repeating: .text, count: slots)
        validText = .allocate(capacity: slots)
        validText.initialize(repeating: false, count: slots)
        for index in 0..<count { kinds[index] = Self.kind(of: fields[index]) }
        epochColumns = (0..<count).compactMap { index in temporal.epochUnit(of: fields[index]).map { (index, $0) } }
        for (index, _) in epochColumns { kinds[index] = .integer }
        binds = .allocate(capacity: slots)
        binds.initialize(repeating: MYSQL_BIND(), count: slots)
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        nulls = .allocate(capacity: slots)
        nulls.initialize(repeating: 0, count: slots)
        errors = .allocate(capacity: slots)
        errors.initialize(repeating: 0, count: slots)
        capacities = .allocate(capacity: slots)
        capacities.initialize(repeating: 64, count: slots)
        buffers = .allocate(capacity: slots)
        for index in 0..<slots { (buffers + index).initialize(to: .allocate(byteCount: 64, alignment: 8)) }
        for index in 0..<count { bindColumn(index) }
        for (index, unit) in epochColumns {
            binds[index].buffer_type = unit.bufferType
            binds[index].buffer_length = UInt(MemoryLayout<MYSQL_TIME>.size)
        }
        guard mysql_stmt_bind_result(statement, binds) == 0 else { throw Call.error(statement, sql: sql) }
    }

    deinit {
        let slots = max(count, 1)
        for index in 0..<slots { buffers[index].deallocate() }
        buffers.deallocate()
        capacities.deallocate()
        binds.deinitialize(count: slots)
        binds.deallocate()
        lengths.deallocate()
        nulls.deallocate()
        errors.deallocate()
        kinds.deallocate()
        validText.deallocate()
    }

    private static func kind(of field: MYSQL_FIELD) -> ResultRow.Kind {
        switch field.type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_INT24,
            MYSQL_TYPE_YEAR:
            return .integer
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
            return .floating
        default:
            return field.charsetnr == 63 && field.type != MYSQL_TYPE_NEWDECIMAL
                && ![MYSQL_TYPE_DATETIME, MYSQL_TYPE_DATE, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIME].contains(field.type)
                ? .binary : .text
        }
    }

    private func bindColumn(_ index: Int) {
        // Numbers arrive in binary (no text round trip); everything else as text or bytes.
        switch kinds[index] {
        case .integer: binds[index].buffer_type = MYSQL_TYPE_LONGLONG
        case .floating: binds[index].buffer_type = MYSQL_TYPE_DOUBLE
        case .text, .binary: binds[index].buffer_type = MYSQL_TYPE_STRING
        }
        binds[index].buffer = buffers[index]
        binds[index].buffer_length = UInt(capacities[index])
        binds[index].length = lengths + index
        binds[index].is_null = nulls + index
        binds[index].error = errors + index
    }

    /// Turns the fetched row's temporal columns read as numbers from the `MYSQL_TIME` the client library wrote
    /// into their numbers, in the same buffer (``ResultRow/int64(_:)`` reads it), or NULL.
    func convertEpochColumns() {
        for (index, unit) in epochColumns where nulls[index] == 0 {
            if let number = unit.number(of: buffers[index].load(as: MYSQL_TIME.self)) {
                buffers[index].storeBytes(of: number, as: Int64.self)
            } else {
                nulls[index] = 1
            }
        }
    }

    /// Forgets which text was valid UTF-8 in the row before: a new row was fetched.
    func forgetValidText() {
        validText.update(repeating: false, count: count)
    }

    /// Fetches again, into larger buffers, every column of the fetched row that did not fit its buffer (the fetch
    /// said `MYSQL_DATA_TRUNCATED`: Connector/C reports truncation by default), and forgets which text was valid
    /// UTF-8 in the row before.
    func fetchTruncated(statement: UnsafeMutablePointer<MYSQL_STMT>, sql: String) throws {
        forgetValidText()
        var rebind = false
        for index in 0..<count where nulls[index] == 0 {
            let kind = kinds[index]
            guard kind == .text || kind == .binary else { continue }
            let length = Int(lengths[index])
            guard length > capacities[index] else { continue }
            buffers[index].deallocate()
            capacities[index] = max(length, capacities[index] * 2)
            buffers[index] = .allocate(byteCount: capacities[index], alignment: 8)
            bindColumn(index)
            try Call.check(mysql_stmt_fetch_column(statement, binds + index, UInt32(index), 0), statement, sql: sql)
            rebind = true
        }
        if rebind, mysql_stmt_bind_result(statement, binds) != 0 { throw Call.error(statement, sql: sql) }
    }
}
