/// What an upload keeps of a client's file name and content type (a raw upload's `?filename=` and
/// `Content-Type`, or a multipart file part's headers): printable text of bounded length that
/// never names a file on the server.
package enum UploadMetadata {
    /// A client's file name kept as metadata: its last path component, printable, at most 255
    /// bytes. It never names a file on the server.
    package static func fileName(_ name: String) -> String {
        printable(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "")
    }

    /// `text` without control characters, cut to at most 255 bytes, to be kept as metadata.
    package static func printable(_ text: String) -> String {
        var result = ""
        for character in text where character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
            guard result.utf8.count + character.utf8.count <= 255 else { break }
            result.append(character)
        }
        return result
    }
}
