// swift-tools-version:6.0
import PackageDescription

/// `SLUICE_WARNINGS_AS_ERRORS=1 swift build` (as CI does) fails on any warning in Sluice's own
/// targets; dependencies are left alone.
let warningsAsErrors: [SwiftSetting] =
    Context.environment["SLUICE_WARNINGS_AS_ERRORS"] == nil ? [] : [.unsafeFlags(["-warnings-as-errors"])]

/// Compiler settings every Sluice target shares: Swift 6 mode plus the import hygiene features.
let strictSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ] + warningsAsErrors

/// `SLUICE_SANITIZE_SUBSET=1 swift build` (as `make sanitize` does) declares only the modules where
/// memory and threads matter most, without the HTTP server, argument-parser or the CLI: the C
/// wrappers, the building blocks, the threaded pipelines (migration, API batch, backup, restore),
/// the scheduler, their unit tests and `PipelineTests`, which drives the pipelines' threads.
let sanitizeSubset: Set<String>? =
    Context.environment["SLUICE_SANITIZE_SUBSET"] == nil
    ? nil
    : [
        "CMariaDB", "CMicroHTTPD", "CAvro", "CCodecs", "MariaDB", "MicroHTTPD", "Avro", "Errors", "JSON", "Processes",
        "CSV",
        "DataDictionary", "Loading", "Migration", "BatchIngest", "Hosts", "Jobs", "Backup", "Restore", "TestSupport",
        "ErrorsTests", "JSONTests", "ProcessesTests", "MariaDBTests", "CSVTests", "MicroHTTPDTests", "AvroTests",
        "DataDictionaryTests", "LoadingTests", "BackupTests", "JobsTests", "PipelineTests",
    ]

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice", targets: ["sluice"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Thin system targets: one per C library, holding only a module map and a shim header.
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CAvro", pkgConfig: "avro-c", providers: [.apt(["libavro-dev"])]),
        .systemLibrary(
            name: "CCodecs", pkgConfig: "libzstd",
            providers: [.apt(["libisal-dev", "zlib1g-dev", "libzstd-dev", "libsnappy-dev"])]),

        // Swift wrappers: the only modules that import a C module.
        .target(name: "MariaDB", dependencies: ["CMariaDB", "Errors"], swiftSettings: strictSettings),
        .target(name: "MicroHTTPD", dependencies: ["CMicroHTTPD", "Errors"], swiftSettings: strictSettings),
        .target(name: "Avro", dependencies: ["CAvro", "CCodecs", "Errors", "JSON"], swiftSettings: strictSettings),

        // Pure Swift building blocks.
        .target(name: "Errors", swiftSettings: strictSettings),
        .target(name: "JSON", swiftSettings: strictSettings),
        // The one way Sluice starts programs (posix_spawn), reaps and signals them.
        .target(name: "Processes", dependencies: ["Errors"], swiftSettings: strictSettings),
        .target(name: "CSV", dependencies: ["Errors"], swiftSettings: strictSettings),
        .target(name: "DataDictionary", dependencies: ["Errors"], swiftSettings: strictSettings),
        .target(
            name: "LocalMariaDB",
            dependencies: ["MariaDB", "Processes", "Errors", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // What every load shares: row checks, reject storage, LOAD DATA encoding, prefetching, the
        // sql/ folder and schema installation.
        .target(
            name: "Loading",
            dependencies: [
                "MariaDB", "CSV", "DataDictionary", "Errors", "JSON", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The CSV migration pipeline (`sluice migrate`, the `migrate` job kind).
        .target(
            name: "Migration",
            dependencies: [
                "Loading", "MariaDB", "CSV", "DataDictionary", "Errors",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The API batch: rows posted to `/api/v1/tables/{table}/rows`.
        .target(
            name: "BatchIngest", dependencies: ["Loading", "MariaDB", "DataDictionary", "Errors"],
            swiftSettings: strictSettings
        ),
        // Which Sluice processes run where: heartbeats in `sluice_hosts`, read for the Hosts page.
        .target(name: "Hosts", dependencies: ["MariaDB", "Loading", "JSON", "Errors"], swiftSettings: strictSettings),
        .target(
            name: "Jobs",
            dependencies: [
                "MariaDB", "JSON", "Errors", "Processes", "Hosts", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The job kinds Sluice ships; the executable registers them with the Jobs module.
        .target(
            name: "JobKinds",
            dependencies: [
                "Jobs", "Errors", "Loading", "Migration", "Backup", "Restore", "Avro", "DataDictionary", "SelfCheck",
                "Offsite", "Hosts",
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Reports", dependencies: ["MariaDB", "Loading", "Errors", "JSON"], swiftSettings: strictSettings),
        // People and what they did: users with scrypt passwords, sessions, sign-in throttling, the audit trail.
        .target(
            name: "Accounts",
            dependencies: [
                "MariaDB", "Errors", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // `sluice check`: the live service exercised end to end over HTTP.
        .target(name: "SelfCheck", dependencies: ["JSON"], swiftSettings: strictSettings),
        // Webhook delivery (Foundation's URLSession) with retries, for the scheduler's run notices.
        .target(name: "Webhooks", swiftSettings: strictSettings),
        // Reading and correcting any dictionary table's rows (the rows API).
        .target(
            name: "Rows",
            dependencies: [
                "MariaDB", "DataDictionary", "Loading", "JSON", "Errors",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Backup",
            dependencies: [
                "Avro", "MariaDB", "DataDictionary", "Loading", "JSON", "Errors",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Off-site copies of backups through rclone: upload and verify, list, prune, fetch for a restore.
        .target(
            name: "Offsite", dependencies: ["Processes", "Errors", "Backup", "Loading"], swiftSettings: strictSettings),
        .target(
            name: "Restore",
            dependencies: ["Backup", "Avro", "MariaDB", "DataDictionary", "Loading", "Errors", "JSON"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "API",
            dependencies: [
                "MariaDB", "CSV", "DataDictionary", "Loading", "BatchIngest", "MicroHTTPD", "Jobs", "Reports", "Backup",
                "Errors", "JSON", "Rows", "Accounts", "Hosts", "Offsite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The command tree, shared by the product binary and the test binary.
        .target(
            name: "SluiceCLI",
            dependencies: [
                "MariaDB", "LocalMariaDB", "DataDictionary", "Loading", "Migration", "API", "MicroHTTPD", "Jobs",
                "JobKinds", "Reports", "Backup", "Restore", "Avro", "JSON", "Errors", "SelfCheck", "Accounts",
                "Webhooks", "Offsite",
                "Hosts", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The Debian package's scripts, units and config file live beside the executable they install.
        .executableTarget(
            name: "sluice", dependencies: ["SluiceCLI"], exclude: ["packaging"], swiftSettings: strictSettings),
        // `sluice` plus the test-only job kinds (`sleep`), for the integration tests.
        .executableTarget(
            name: "sluice-test", dependencies: ["SluiceCLI", "Jobs"], path: "Tests/SluiceTestBinary",
            swiftSettings: strictSettings
        ),

        // libFuzzer targets (`make fuzz` builds them with -sanitize=fuzzer); built normally, each
        // replays the files it is given.
        .target(
            name: "FuzzReplay", dependencies: ["DataDictionary"], path: "Tests/Fuzz/FuzzReplay",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "CSVReaderFuzz", dependencies: ["CSV", "FuzzReplay"], path: "Tests/Fuzz/CSVReaderFuzz",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "CronFuzz", dependencies: ["Jobs", "FuzzReplay"], path: "Tests/Fuzz/CronFuzz",
            swiftSettings: strictSettings),
        .executableTarget(
            name: "BatchDecoderFuzz", dependencies: ["API", "BatchIngest", "DataDictionary", "FuzzReplay"],
            path: "Tests/Fuzz/BatchDecoderFuzz", swiftSettings: strictSettings),
        .executableTarget(
            name: "RequestTargetFuzz", dependencies: ["API", "MicroHTTPD", "Rows", "DataDictionary", "FuzzReplay"],
            path: "Tests/Fuzz/RequestTargetFuzz", swiftSettings: strictSettings),
        .executableTarget(
            name: "AvroReaderFuzz", dependencies: ["Avro", "FuzzReplay"], path: "Tests/Fuzz/AvroReaderFuzz",
            swiftSettings: strictSettings),

        // Fixtures every test target shares (temporary folders, polling with a deadline).
        .target(
            name: "TestSupport", dependencies: ["MariaDB"], path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(name: "ErrorsTests", dependencies: ["Errors"], swiftSettings: strictSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strictSettings),
        .testTarget(name: "ProcessesTests", dependencies: ["Processes"], swiftSettings: strictSettings),
        .testTarget(name: "MariaDBTests", dependencies: ["MariaDB", "Errors"], swiftSettings: strictSettings),
        .testTarget(name: "CSVTests", dependencies: ["CSV", "Errors"], swiftSettings: strictSettings),
        .testTarget(
            name: "MicroHTTPDTests", dependencies: ["MicroHTTPD", "Errors", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "AvroTests", dependencies: ["Avro", "Errors", "Processes", "TestSupport"], exclude: ["Scripts"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "DataDictionaryTests", dependencies: ["DataDictionary", "Errors"], swiftSettings: strictSettings),
        .testTarget(
            name: "JobsTests", dependencies: ["Jobs", "JSON", "Errors", "Processes"], swiftSettings: strictSettings),
        .testTarget(
            name: "JobKindsTests", dependencies: ["JobKinds", "Jobs", "JSON", "Errors", "Offsite"],
            swiftSettings: strictSettings),
        .testTarget(name: "LoadingTests", dependencies: ["Loading", "DataDictionary"], swiftSettings: strictSettings),
        .testTarget(name: "BackupTests", dependencies: ["Backup"], swiftSettings: strictSettings),
        .testTarget(
            name: "APITests",
            dependencies: [
                "API", "BatchIngest", "DataDictionary", "JSON", "Errors", "Jobs", "MariaDB", "Reports", "Loading",
            ],
            swiftSettings: strictSettings),
        // The threaded pipelines and the scheduler run in the test process against the test database
        // (so `make sanitize` instruments their threads): migration, API batches, backup, restore.
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Avro", "Backup", "BatchIngest", "DataDictionary", "Jobs", "Loading", "MariaDB", "Migration", "Restore",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "MariaDB", "DataDictionary", "Loading", "Migration", "Jobs", "JSON", "TestSupport", "Hosts", "Errors",
            ],
            swiftSettings: strictSettings
        ),
    ]
)

if let sanitizeSubset {
    package.products = []
    package.targets = package.targets.filter { sanitizeSubset.contains($0.name) }
}
