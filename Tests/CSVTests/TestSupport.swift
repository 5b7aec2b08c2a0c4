import Errors
import Foundation
import Testing

@testable import CSV

/// Every record of `bytes`, read in chunks of `bufferSize`.
func readAll(_ bytes: [UInt8], options: CSVOptions = .init(), bufferSize: Int = 1 << 16) throws -> [CSVRecord] {
    let reader = CSVReader(bytes: bytes, options: options, bufferSize: bufferSize)
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

/// Every record of `text`, read in chunks of `bufferSize`.
func readAll(_ text: String, options: CSVOptions = .init(), bufferSize: Int = 1 << 16) throws -> [CSVRecord] {
    try readAll(Array(text.utf8), options: options, bufferSize: bufferSize)
}

/// The fields of every record of `text`.
func fields(_ text: String, options: CSVOptions = .init()) throws -> [[String]] {
    try readAll(text, options: options).map(\.fields)
}

/// Runs `body` with the path of a temporary file holding `bytes`, removing the file afterwards.
func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("csv-test-\(UUID().uuidString).csv").path
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw CSVReadError(.ioError, "\(path): cannot create the fixture")
    }
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// Every record of the file at `path`, from `offset`, read with a buffer of `bufferSize`.
func readFile(
    _ path: String, options: CSVOptions = .init(), startingAt offset: Int64 = 0, line: Int = 1,
    bufferSize: Int = CSVReader.defaultBufferSize
) throws -> [CSVRecord] {
    let reader = try CSVReader(path: path, options: options, startingAt: offset, line: line, bufferSize: bufferSize)
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}
