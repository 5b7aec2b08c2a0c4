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

/// Column-wise arrays for bulk binding: per column, an array of values (or of pointers for text)
/// with lengths and NULL indicators.
final class ColumnArrays {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let columnCount: Int
    private var allocations: [UnsafeMutableRawPointer] = []

    init(_ rows: [[Value]], columnCount: Int) {
        self.columnCount = columnCount
        binds = .allocate(capacity: max(columnCount, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(columnCount, 1))
        let rowCount = rows.count
        for column in 0..<columnCount {
            let indicators = allocate(CChar.self, rowCount)
            let integers = rows.allSatisfy {
                switch $0[column] {
                case .int, .null: true
                default: false
                }
            }
            if integers {
                let values = allocate(Int64.self, rowCount)
                for (row, value) in rows.enumerated() {
                    if case .int(let number) = value[column] {
                        values[row] = number
                        indicators[row] = CChar(STMT_INDICATOR_NONE.rawValue)
                    } else {
                        values[row] = 0
                        indicators[row] = CChar(STMT_INDICATOR_NULL.rawValue)
                    }
                }
                binds[column].buffer_type = MYSQL_TYPE_LONGLONG
                binds[column].buffer = UnsafeMutableRawPointer(values)
            } else {
                let pointers = allocate(UnsafeMutablePointer<UInt8>?.self, rowCount)
                let lengths = allocate(UInt.self, rowCount)
                // One buffer holds the column's bytes: its size first, then each value copied in.
                var total = 0
                for value in rows {
                    switch value[column] {
                    case .null: break
                    case .string(let text): total += text.utf8.count
                    case .bytes(let raw): total += raw.count
                    default: total += value[column].description.utf8.count
                    }
                }
                let memory = allocate(UInt8.self, max(total, 1))
                var offset = 0
                for (row, value) in rows.enumerated() {
                    let start = memory + offset
                    switch value[column] {
                    case .null:
                        pointers[row] = nil
                        lengths[row] = 0
                        indicators[row] = CChar(STMT_INDICATOR_NULL.rawValue)
                        continue
                    case .string(let text): offset += copy(text.utf8, to: start)
                    case .bytes(let raw): offset += copy(raw, to: start)
                    default: offset += copy(value[column].description.utf8, to: start)
                    }
                    pointers[row] = start
                    lengths[row] = UInt(memory + offset - start)
                    indicators[row] = CChar(STMT_INDICATOR_NONE.rawValue)
                }
                binds[column].buffer_type = MYSQL_TYPE_STRING
                binds[column].buffer = UnsafeMutableRawPointer(pointers)
                binds[column].length = lengths
            }
            binds[column].u.indicator = indicators
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

    /// Copies `bytes` to `destination`; returns how many.
    private func copy(_ bytes: some Collection<UInt8>, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        let copied = bytes.withContiguousStorageIfAvailable { buffer in
            if let base = buffer.baseAddress { destination.update(from: base, count: buffer.count) }
            return buffer.count
        }
        if let copied { return copied }
        _ = UnsafeMutableBufferPointer(start: destination, count: bytes.count).initialize(from: bytes)
        return bytes.count
    }
}
