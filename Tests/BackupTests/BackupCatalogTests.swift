import Backup
import Foundation
import Testing

/// The catalog lists complete backups only and prunes nothing that is not one.
@Suite struct BackupCatalogTests {
    @Test func listsCompleteBackupsNewestFirstAndPrunesOnlyThose() throws {
        let folder = NSTemporaryDirectory() + "catalog-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ids = ["20261120T020000000000Z", "20261121T020000000000Z", "20261122T020000000000Z"]
        for id in ids { try writeBackup(id, in: folder) }
        // Not backups: one being written, one whose manifest names another id, one without a manifest, a file.
        try writeBackup("20261123T020000000000Z", in: folder, folderName: ".20261123T020000000000Z.partial")
        try writeBackup("20261119T020000000000Z", in: folder, folderName: "20261118T020000000000Z")
        try FileManager.default.createDirectory(
            atPath: folder + "/20261117T020000000000Z", withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))

        let catalog = BackupCatalog(directory: folder)
        #expect(try catalog.list().map(\.manifest.id) == ids.reversed())
        #expect(try catalog.entry(id: "../20261122T020000000000Z") == nil)
        #expect(try catalog.entry(id: ids[0])?.manifest.tables.first?.rows == 3)

        #expect(try catalog.prune(RetentionPolicy(last: 1), dryRun: true) == [ids[1], ids[0]])
        #expect(try catalog.list().count == 3)
        #expect(try catalog.prune(RetentionPolicy(last: 1)) == [ids[1], ids[0]])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(
            left == [
                ".20261123T020000000000Z.partial", "20261117T020000000000Z", "20261118T020000000000Z",
                "20261122T020000000000Z", "notes.txt",
            ])
    }

    @Test func aMissingFolderHasNoBackups() throws {
        #expect(try BackupCatalog(directory: "/nonexistent/backups").list().isEmpty)
    }

    @Test func backupIDsHaveOneShape() {
        #expect(BackupCatalog.isBackupID("20261122T020000123456Z"))
        for name in [
            "", "..", ".20261122T020000Z.partial", "20261122X020000Z", "2026112T020000Z", "20261122T02000aZ", "../x",
        ] {
            #expect(!BackupCatalog.isBackupID(name), "\(name)")
        }
    }

    private func writeBackup(_ id: String, in folder: String, folderName: String? = nil) throws {
        let path = folder + "/" + (folderName ?? id)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let manifest = """
            {"id": "\(id)", "snapshotTime": "", "dictionaryVersion": 1, "codec": "null", "tables": [{"table": "departments",
             "file": "departments.avro", "rows": 3, "bytes": 10, "sha256": "", "contentSHA256": ""}]}
            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: path + "/manifest.json"))
    }
}
