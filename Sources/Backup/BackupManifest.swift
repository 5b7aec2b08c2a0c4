/// What a backup holds, written as `manifest.json` beside its Avro files.
public struct BackupManifest: Sendable, Codable {
    /// One table's file.
    public struct TableEntry: Sendable, Codable {
        /// The table.
        public var table: String
        /// The Avro file's name in the backup folder.
        public var file: String
        /// Rows written.
        public var rows: Int
        /// The file's size.
        public var bytes: Int64
        /// SHA-256 of the file.
        public var sha256: String
        /// SHA-256 of the rows' canonical text (tab-separated values, one row per line), independent
        /// of the codec and of Avro's encoding, to compare with a restored table.
        public var contentSHA256: String
    }

    /// The backup's id (its folder name): the snapshot time, `YYYYMMDDTHHMMSSffffffZ`.
    public var id: String
    /// The consistent snapshot's time, UTC.
    public var snapshotTime: String
    /// The data dictionary's version.
    public var dictionaryVersion: Int
    /// The Avro codec.
    public var codec: String
    /// One entry per table.
    public var tables: [TableEntry]
    /// The job run that made the backup (nil for `sluice backup` and backups made before runs
    /// were recorded).
    public var runID: Int64?
    /// Wall-clock seconds the backup took to write (nil for backups made before it was recorded).
    public var seconds: Double?
}
