public import Jobs
public import Migration

/// The job kinds Sluice ships: `migrate`, `backup`, `restore`, `prune` and `check`.
public enum ProductKinds {
    /// A registry of the shipped kinds; migrations report their progress to what `migrationProgress` makes.
    public static func registry(
        migrationProgress: @escaping @Sendable () -> (any MigrationProgress)? = { nil }
    ) -> JobKindRegistry {
        JobKindRegistry().adding(MigrateKind(progress: migrationProgress)).adding(BackupKind())
            .adding(RestoreKind()).adding(PruneKind()).adding(CheckKind())
    }
}
