import Foundation
import MariaDB
import Testing

/// `sluice backup --keep N`, `backup list` and `backup prune` on real backups.
@Suite struct BackupRetentionTests {
    @Test func backupsArePrunedToTheRetentionPolicyAndListedWithTheirManifests() throws {
        try withChallengeData { _, base, _ in
            do {
                for _ in 0..<3 {
                    #expect(
                        try SluiceBinary.run(["backup", "--table", "departments", "--codec", "null"] + base).status == 0
                    )
                }
                let listed = try SluiceBinary.run(["backup", "list", "--json"] + base)
                let backups = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
                let ids = backups.compactMap { ($0["manifest"] as? [String: Any])?["id"] as? String }
                #expect(ids.count == 3 && ids == ids.sorted(by: >))

                let dryRun = try SluiceBinary.run(["backup", "prune", "--keep", "2", "--dry-run"] + base)
                #expect(dryRun.stdout == "would prune backup \(ids[2])\n")
                let third = try SluiceBinary.run(["backup", "--table", "departments", "--keep", "2"] + base)
                #expect(third.status == 0 && third.stdout.contains("pruned backup \(ids[1])"), "\(third.stdout)")
                let after = try SluiceBinary.run(["backup", "list"] + base).stdout.split(separator: "\n")
                #expect(after.count == 2 && after[1].hasPrefix(ids[0]) && after[1].contains("departments 12"))

                #expect(
                    try SluiceBinary.run(["backup", "prune"] + base).status != 0, "a prune without a policy is refused")
            }
        }
    }
}
