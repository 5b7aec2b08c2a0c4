import Foundation

/// Where Sluice's shipped files are found: one lookup for `sql/`, `public/` and the job definitions.
///
/// A *root* is a folder that may hold `sql/`, `public/` and `jobs/`: the working directory, the
/// folders above the running executable (so a binary under `.build/` finds its checkout), the
/// executable's `../share/sluice` (so `make install PREFIX=/usr/local` or `/opt/sluice` works from
/// any directory), then `/usr/share/sluice`. The executable is read from `/proc/self/exe`, so a
/// binary found through `PATH` or a symbolic link resolves to where it really is.
public enum InstallLayout {
    /// Where a package install keeps its job definitions (`make deb` puts them there as conffiles).
    public static let systemJobsDirectory = "/etc/sluice/jobs"

    /// The roots to search, in order.
    public static func roots() -> [String] {
        var roots = [FileManager.default.currentDirectoryPath]
        if let executable = executablePath() {
            var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            roots.append(folder.appendingPathComponent("../share/sluice").standardized.path)
            for _ in 0..<5 {
                folder.deleteLastPathComponent()
                roots.append(folder.path)
            }
        }
        roots.append("/usr/share/sluice")
        var seen = Set<String>()
        return roots.filter { seen.insert($0).inserted }
    }

    /// The running executable's real path, from `/proc/self/exe` (else the command line's first word).
    public static func executablePath() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first.map { URL(fileURLWithPath: $0).path }
    }

    /// The folder of job definitions: `configured` (a flag), else `$SLUICE_JOBS_DIR`, else the first
    /// that exists of `./jobs`, the `jobs/` beside the located `sql/` folder and
    /// `/etc/sluice/jobs`; `jobs` (an empty catalog) when none does.
    public static func jobsDirectory(configured: String?, environment: [String: String]? = nil) -> String {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let configured { return configured }
        if let named = environment["SLUICE_JOBS_DIR"], !named.isEmpty { return named }
        var candidates = [FileManager.default.currentDirectoryPath + "/jobs"]
        if let sql = try? SQLDirectory.locate(environment: environment) { candidates.append(sql.sibling("jobs")) }
        candidates.append(systemJobsDirectory)
        var isDirectory: ObjCBool = false
        return candidates.first {
            FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue
        }
            ?? "jobs"
    }
}
