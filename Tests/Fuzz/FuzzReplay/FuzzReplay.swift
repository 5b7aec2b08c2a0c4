public import DataDictionary
import Foundation

/// The product's data dictionary, `sql/dictionary.json` of this checkout (found from this file's
/// path, so a target runs from any folder).
public func productDictionary() -> DataDictionary {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    do {
        return try DataDictionary(contentsOf: root.appendingPathComponent("sql/dictionary.json").path)
    } catch {
        fatalError("cannot read sql/dictionary.json: \(error)")
    }
}

/// Runs a libFuzzer entry point over the bytes of each file in `paths` (a corpus, or a crash to
/// reproduce), outside libFuzzer.
public func replayFiles(
    _ paths: some Sequence<String>, into entry: (UnsafePointer<UInt8>, Int) -> CInt
) throws {
    for path in paths {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) + [0]
        _ = bytes.withUnsafeBufferPointer { entry($0.baseAddress!, $0.count - 1) }
    }
}

#if FUZZING
    /// libFuzzer's driver (`LLVMFuzzerRunDriver`), present when linked with `-sanitize=fuzzer`.
    @_silgen_name("LLVMFuzzerRunDriver")
    private func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ entry: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// Runs libFuzzer with the command line `argc`/`argv` over `entry`.
    public func runFuzzer(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ entry: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt {
        var count = argc
        var arguments = argv
        return llvmFuzzerRunDriver(&count, &arguments, entry)
    }
#endif
