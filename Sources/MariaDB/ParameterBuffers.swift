internal import CMariaDB

/// `MYSQL_BIND`s for one execution's parameters, with the memory they point to; freed in `deinit`,
/// after the values were sent.
final class ParameterBuffers {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let count: Int
    private var allocations: [UnsafeMutableRawPointer] = []

    init(_ values: [Value]) {
        count = values.count
        binds = .allocate(capacity: max(count, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(count, 1))
        for (index, value) in values.enumerated() {
            switch value {
            case .null:
                binds[index].buffer_type = MYSQL_TYPE_NULL
            case .int(let number):
                binds[index].buffer_type = MYSQL_TYPE_LONGLONG
                binds[index].buffer = store(number)
            case .double(let number):
                binds[index].buffer_type = MYSQL_TYPE_DOUBLE
                binds[index].buffer = store(number)
            case .string(let text):
                binds[index].buffer_type = MYSQL_TYPE_STRING
                setBytes(Array(text.utf8), at: index)
            case .bytes(let bytes):
                binds[index].buffer_type = MYSQL_TYPE_BLOB
                setBytes(bytes, at: index)
            }
        }
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
        binds.deinitialize(count: max(count, 1))
        binds.deallocate()
    }

    private func store<T>(_ value: T) -> UnsafeMutableRawPointer {
        let memory = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        memory.storeBytes(of: value, as: T.self)
        allocations.append(memory)
        return memory
    }

    private func setBytes(_ bytes: [UInt8], at index: Int) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { memory.copyMemory(from: base, byteCount: bytes.count) } }
        allocations.append(memory)
        binds[index].buffer = memory
        binds[index].buffer_length = UInt(bytes.count)
    }
}

/// Column-wise arrays for bulk binding, copied from ``BulkColumns``: per column, an array of
/// integers, or of pointers into the column's text with their lengths, and NULL indicators.
final class ColumnArrays {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let columnCount: Int
    private var allocations: [UnsafeMutableRawPointer] = []

    init(_ columns: BulkColumns) {
        columnCount = columns.columns.count
        binds = .allocate(capacity: max(columnCount, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(columnCount, 1))
        let rowCount = columns.rowCount
        for (index, column) in columns.columns.enumerated() {
            let indicators = allocate(CChar.self, rowCount)
            for row in 0..<rowCount {
                indicators[row] = CChar((column.isNull[row] ? STMT_INDICATOR_NULL : STMT_INDICATOR_NONE).rawValue)
            }
            switch column.kind {
            case .integer:
                let values = allocate(Int64.self, rowCount)
                copy(column.integers, to: values)
                binds[index].buffer_type = MYSQL_TYPE_LONGLONG
                binds[index].buffer = UnsafeMutableRawPointer(values)
            case .text:
                let pointers = allocate(UnsafeMutablePointer<UInt8>?.self, rowCount)
                let lengths = allocate(UInt.self, rowCount)
                let memory = allocate(UInt8.self, column.bytes.count)
                copy(column.bytes, to: memory)
                var start = 0
                for row in 0..<rowCount {
                    let end = column.ends[row]
                    pointers[row] = column.isNull[row] ? nil : memory + start
                    lengths[row] = UInt(end - start)
                    start = end
                }
                binds[index].buffer_type = MYSQL_TYPE_STRING
                binds[index].buffer = UnsafeMutableRawPointer(pointers)
                binds[index].length = lengths
            }
            binds[index].u.indicator = indicators
        }
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
        binds.deinitialize(count: max(columnCount, 1))
        binds.deallocate()
    }

    private func allocate<T>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> {
        let memory = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        allocations.append(UnsafeMutableRawPointer(memory))
        return memory
    }

    /// Copies `values` to `destination`.
    private func copy<T>(_ values: [T], to destination: UnsafeMutablePointer<T>) {
        values.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { destination.initialize(from: base, count: buffer.count) }
        }
    }
}
