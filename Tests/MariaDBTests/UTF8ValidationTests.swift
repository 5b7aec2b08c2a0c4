import Testing

@testable import MariaDB

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    /// Whether the standard library takes `bytes` as UTF-8 without repairing them.
    static func stdlibAccepts(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    static func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { UTF8Validation.isValid($0) }
    }

    @Test("agrees with the standard library on edge sequences and on 20,000 random ones")
    func agreesWithStandardLibrary() {
        let edges: [[UInt8]] = [
            [], Array("plain ascii, longer than eight bytes".utf8), Array("Zoë Ñúñez 東京 🚀".utf8),
            [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0x80, 0x80],
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0x80], [0xFF], [0xE2, 0x82], [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0xC3], [0xC3, 0x28],
        ]
        for bytes in edges { #expect(Self.validate(bytes) == Self.stdlibAccepts(bytes), "\(bytes)") }
        for length in 1...24 {  // a stray byte anywhere in ASCII text of any length (the ASCII check's words overlap)
            #expect(Self.validate(Array(repeating: 0x61, count: length)))
            for position in 0..<length {
                var bytes = [UInt8](repeating: 0x61, count: length)
                bytes[position] = 0x80
                #expect(!Self.validate(bytes), "\(bytes)")
            }
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [
            0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
        ]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }
            #expect(Self.validate(bytes) == Self.stdlibAccepts(bytes), "\(bytes)")
        }
    }
}
