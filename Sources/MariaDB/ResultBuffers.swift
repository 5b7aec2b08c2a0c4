internal import CMariaDB

/// Result `MYSQL_BIND`s that receive every column as text (or bytes for binary columns), growing a
/// column's buffer when a value is longer than it; freed in `deinit`.
final class ResultBuffers {
    private enum Kind { case integer, floating, text, binary }

    private let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let errors: UnsafeMutablePointer<my_bool>
    private var buffers: [UnsafeMutableRawPointer]
    private var capacities: [Int]
    private let kinds: [Kind]
    private let count: Int

    init(statement: UnsafeMutablePointer<MYSQL_STMT>, sql: String) throws {
        guard let metadata = mysql_stmt_result_metadata(statement) else { throw Call.error(statement, sql: sql) }
        defer { mysql_free_result(metadata) }
        count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        kinds = (0..<count).map { index in
            let field = fields[index]
            switch field.type {
            case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_INT24,
                MYSQL_TYPE_YEAR:
                return .integer
            case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
                return .floating
            default:
                return field.charsetnr == 63 && field.type != MYSQL_TYPE_NEWDECIMAL
                    && ![MYSQL_TYPE_DATETIME, MYSQL_TYPE_DATE, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIME].contains(
                        field.type)
                    ? .binary : .text
            }
        }
        binds = .allocate(capacity: max(count, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(count, 1))
        lengths = .allocate(capacity: max(count, 1))
        lengths.initialize(repeating: 0, count: max(count, 1))
        nulls = .allocate(capacity: max(count, 1))
        nulls.initialize(repeating: 0, count: max(count, 1))
        errors = .allocate(capacity: max(count, 1))
        errors.initialize(repeating: 0, count: max(count, 1))
        capacities = Array(repeating: 64, count: count)
        buffers = capacities.map { UnsafeMutableRawPointer.allocate(byteCount: $0, alignment: 8) }
        for index in 0..<count { bindColumn(index) }
        guard mysql_stmt_bind_result(statement, binds) == 0 else { throw Call.error(statement, sql: sql) }
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        binds.deinitialize(count: max(count, 1))
        binds.deallocate()
        lengths.deallocate()
        nulls.deallocate()
        errors.deallocate()
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

    /// The fetched row's values, fetching again any column that did not fit its buffer.
    func currentRow(statement: UnsafeMutablePointer<MYSQL_STMT>, sql: String) throws -> [Value] {
        var row: [Value] = []
        row.reserveCapacity(count)
        var rebind = false
        for index in 0..<count {
            if nulls[index] != 0 {
                row.append(.null)
                continue
            }
            let numeric = kinds[index] == .integer || kinds[index] == .floating
            let length = numeric ? 8 : Int(lengths[index])
            if length > capacities[index] {
                buffers[index].deallocate()
                capacities[index] = max(length, capacities[index] * 2)
                buffers[index] = .allocate(byteCount: capacities[index], alignment: 8)
                bindColumn(index)
                try Call.check(mysql_stmt_fetch_column(statement, binds + index, UInt32(index), 0), statement, sql: sql)
                rebind = true
            }
            let bytes = UnsafeRawBufferPointer(start: buffers[index], count: length)
            row.append(value(bytes, kind: kinds[index]))
        }
        if rebind, mysql_stmt_bind_result(statement, binds) != 0 { throw Call.error(statement, sql: sql) }
        return row
    }

    private func value(_ bytes: UnsafeRawBufferPointer, kind: Kind) -> Value {
        switch kind {
        case .binary:
            return .bytes(Array(bytes))
        case .integer:
            return .int(bytes.loadUnaligned(as: Int64.self))
        case .floating:
            return .double(bytes.loadUnaligned(as: Double.self))
        case .text:
            return .string(String(decoding: bytes, as: UTF8.self))
        }
    }
}
