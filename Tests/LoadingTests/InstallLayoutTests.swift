import Foundation
import Loading
import Testing

@Suite struct InstallLayoutTests {
    /// The test binary's own `../share/sluice` is searched (so `PREFIX=/opt/sluice` works), before
    /// the folders above it and after the working directory; `/usr/share/sluice` comes last.
    @Test func rootsFollowTheExecutable() throws {
        let executable = try #require(InstallLayout.executablePath())
        let folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let roots = InstallLayout.roots()
        #expect(roots.first == FileManager.default.currentDirectoryPath)
        #expect(roots.contains(folder.appendingPathComponent("../share/sluice").standardized.path))
        #expect(roots.last == "/usr/share/sluice")
    }

    /// A flag wins over `$SLUICE_JOBS_DIR`, which wins over the folders found on disk.
    @Test func jobsDirectoryPrecedence() {
        let environment = ["SLUICE_JOBS_DIR": "/from/environment"]
        #expect(InstallLayout.jobsDirectory(configured: "/from/flag", environment: environment) == "/from/flag")
        #expect(InstallLayout.jobsDirectory(configured: nil, environment: environment) == "/from/environment")
        #expect(InstallLayout.jobsDirectory(configured: nil, environment: ["SLUICE_JOBS_DIR": ""]) != "")
    }
}
