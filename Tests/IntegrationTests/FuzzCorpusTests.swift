import Foundation
import Testing
import TestSupport

/// Every input in the fuzz corpus (`Tests/Fuzz/Corpus/<target>`), which holds each crash `make
/// fuzz` found beside the seeds, replayed through its target built normally (the replay binaries
/// next to `$SLUICE_BIN`): a crash input kept there is a regression test of every `make test`, not
/// only of a fuzzing run.
@Suite struct FuzzCorpusTests {
    static let targets = ["CSVReaderFuzz", "CronFuzz", "BatchDecoderFuzz", "RequestTargetFuzz", "AvroReaderFuzz"]

    @Test(arguments: targets) func everyCorpusInputReplaysWithoutACrash(target: String) throws {
        let folder = repositoryRoot + "/Tests/Fuzz/Corpus/" + target
        let inputs = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        #expect(!inputs.isEmpty, "no corpus for \(target)")
        let binary = URL(fileURLWithPath: try SluiceBinary.path).deletingLastPathComponent()
            .appendingPathComponent(target).path
        let replay = try SluiceBinary.run(inputs, binary: binary)
        #expect(replay.status == 0, "\(target) on its corpus: \(replay.stderr.suffix(2_000))")
    }
}
