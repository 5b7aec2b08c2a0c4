import Offsite
import Testing

@Suite struct OffsiteRemoteTests {
    @Test func aRemoteKeepsItsNameAndPathAndNamesItsBackupsFolders() throws {
        let s3 = try OffsiteRemote(parsing: "s3-eu:company-backups/sluice/")
        #expect(s3.name == "s3-eu" && s3.path == "company-backups/sluice")
        #expect(s3.location("20250101T000000Z") == "s3-eu:company-backups/sluice/20250101T000000Z")
        #expect(try OffsiteRemote(parsing: "box:").location("20250101T000000Z") == "box:20250101T000000Z")
        #expect(try OffsiteRemote(parsing: "sftp:/srv/b").location("x") == "sftp:/srv/b/x")
        #expect(try OffsiteRemote(parsing: "sftp:/").location("x") == "sftp:/x")
    }

    @Test(arguments: ["/srv/backups", ":webdav,url=http://x:", "-flag:x", "box:a/../b", "box:a/./b", "bad,name:x"])
    func onlyAConfiguredRemoteAndAPlainPathAreAccepted(text: String) {
        #expect(throws: OffsiteError.self) { try OffsiteRemote(parsing: text) }
    }

    @Test func credentialsAreTakenOutOfWhatIsShown() throws {
        #expect(try OffsiteRemote(parsing: "dav:x/bob:pw@y").shown("id") == "dav:x/y/id")
        #expect(
            OffsiteRemote.redacted(#"Propfind "http://bob:secret@host:8080/x": refused"#)
                == #"Propfind "http://host:8080/x": refused"#)
        #expect(OffsiteRemote.redacted("dial tcp 127.0.0.1:1: connect") == "dial tcp 127.0.0.1:1: connect")
    }
}
