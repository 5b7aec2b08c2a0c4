/// Datetimes as other tools write them into Avro strings, made ISO-8601 instants for the
/// dictionary's strict timestamp rule: Spark and AWS Glue write `2021-11-07 02:48:42.0` (a space,
/// a fraction, no zone), others `2021-11-07T02:48:42` or `…Z` / `…+02:00`. A space between date and
/// time becomes `T`, and a datetime without a zone is read as UTC, which is what those tools mean.
enum ForeignTimestamp {
    /// `text` with `T` between date and time and `Z` added when it has no zone; anything that is
    /// not shaped like a datetime is returned as it is, for the validator to reject.
    static func normalized(_ text: String) -> String {
        var bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: ":") else { return text }
        if bytes[10] == UInt8(ascii: " ") { bytes[10] = UInt8(ascii: "T") }
        let time = bytes[19...]
        let hasZone = time.contains {
            [UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains($0)
        }
        if !hasZone { bytes.append(UInt8(ascii: "Z")) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
