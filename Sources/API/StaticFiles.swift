import Foundation

/// Files of the admin site (`public/`) served read-only under their own path. The set of files is
/// read once at start from an allow-list of folders, so no request path ever reaches the file system.
public struct StaticFiles: Sendable {
    private let files: [String: (contentType: String, body: [UInt8])]

    /// Loads the files of `folders` (relative to `root`, e.g. `powerbi`) with known extensions, plus
    /// `extra` files from elsewhere (URL path → file path, e.g. Debian's Chart.js); a missing extra
    /// file is left out.
    public init(root: String, folders: [String], extra: [String: String] = [:]) {
        let types = [
            "pq": "text/plain; charset=utf-8", "html": "text/html; charset=utf-8", "js": "text/javascript",
            "css": "text/css", "svg": "image/svg+xml",
        ]
        var files: [String: (String, [UInt8])] = [:]
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? []
            for name in names {
                guard let type = types[(name as NSString).pathExtension],
                    let data = FileManager.default.contents(atPath: root + "/" + folder + "/" + name)
                else { continue }
                files["/\(folder)/\(name)"] = (type, Array(data))
            }
        }
        for (path, file) in extra {
            guard let type = types[(file as NSString).pathExtension],
                let data = FileManager.default.contents(atPath: file)
            else {
                continue
            }
            files[path] = (type, Array(data))
        }
        self.files = files
    }

    /// The response for `path`, or nil when no such file was loaded.
    func response(for path: String) -> APIResponse? {
        guard let file = files[path] else { return nil }
        return APIResponse(status: 200, headers: [("Content-Type", file.contentType)], body: file.body)
    }

    /// The paths served, sorted.
    var paths: [String] { files.keys.sorted() }
}
