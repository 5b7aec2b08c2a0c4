import Errors
/// A folder on an rclone remote, `NAME:PATH`, where off-site copies of backups go: one sub-folder
/// per backup id, each with its files and, uploaded last, its `manifest.json`.
///
/// Only remotes configured in rclone's own config file or `RCLONE_CONFIG_<NAME>_*` environment are
/// accepted, never an on-the-fly `:backend,option=…:` string: the secrets stay in rclone's config,
/// and an API client cannot point a backup at a server of its choosing.
public struct OffsiteRemote: Sendable, Equatable, CustomStringConvertible {
    /// The environment variable that sets the remote for every backup a worker or command runs.
    public static let environmentKey = "SLUICE_OFFSITE"

    /// The remote's name in rclone's config.
    public let name: String
    /// The folder on the remote, without a trailing slash (empty: the remote's default folder; a
    /// leading slash is kept, since it means the root for SFTP and local disks).
    public let path: String

    /// Parses `NAME:PATH`.
    /// - Throws: ``OffsiteError`` `offsite_invalid`, saying what is wrong.
    public init(parsing text: String) throws {
        guard let colon = text.firstIndex(of: ":") else {
            throw OffsiteError(.invalidRemote, "takes REMOTE:PATH (an rclone remote's name, a colon, a folder)")
        }
        let name = String(text[..<colon])
        let path = String(text[text.index(after: colon)...])
        guard let first = name.first, first != "-", first != " ", name.allSatisfy(Self.isNameCharacter) else {
            throw OffsiteError(
                .invalidRemote, "the remote must be the name of a configured rclone remote (letters, digits, _-.+@ )")
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }), path.allSatisfy({ !$0.isNewline }),
            !path.unicodeScalars.contains(where: { $0.value < 0x20 })
        else {
            throw OffsiteError(.invalidRemote, "the path on the remote may not hold '.', '..' or control characters")
        }
        self.name = name
        self.path = (path.hasPrefix("/") ? "/" : "") + segments.joined(separator: "/")
    }

    /// The remote from `$SLUICE_OFFSITE`, if set and not empty.
    /// - Throws: ``OffsiteError`` `offsite_invalid` when it is set but invalid.
    public static func fromEnvironment(_ environment: [String: String]) throws -> OffsiteRemote? {
        guard let text = environment[environmentKey], !text.isEmpty else { return nil }
        return try OffsiteRemote(parsing: text)
    }

    /// The argument rclone takes for the folder, or for `child` inside it.
    public func location(_ child: String = "") -> String {
        let separator = path.isEmpty || path == "/" || child.isEmpty ? "" : "/"
        return name + ":" + path + separator + child
    }

    /// `NAME:PATH` for logs and messages, with any `user:password@` taken out of the path.
    public var description: String { shown() }

    /// ``location(_:)`` for logs and messages, with any `user:password@` taken out of the path.
    public func shown(_ child: String = "") -> String {
        let full = location(child)
        let path = full[full.index(after: name.endIndex)...]
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            guard let at = segment.lastIndex(of: "@"), segment[..<at].contains(":") else { return segment }
            return segment[segment.index(after: at)...]
        }
        return name + ":" + segments.joined(separator: "/")
    }

    /// `text` (a message rclone printed) with every `user:password@` in it (of a URL, or of a path
    /// as given) taken out.
    public static func redacted(_ text: String) -> String {
        guard let credentials = try? Regex(#"[^/\s@"':]+:[^/\s@"']*@"#) else { return text }
        return text.replacing(credentials, with: "")
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "_-.+@ ".contains(character))
    }
}
