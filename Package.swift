// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-algorithms", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .target(name: "DisplayWidth", dependencies: [.product(name: "Algorithms", package: "swift-algorithms")]),
        .target(name: "SystemIO"),
        .target(name: "ParleyCore", dependencies: [
            .product(name: "Yams", package: "Yams"), .product(name: "Algorithms", package: "swift-algorithms"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "ParleyLog", dependencies: ["ParleyCore", "SystemIO"]),
        .target(name: "ParleyReports", dependencies: [
            "ParleyCore", "DisplayWidth", .product(name: "Crypto", package: "swift-crypto"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The LAN room: codes, keys, the sealed channel, the host and its joiners, discovery.
        .target(name: "ParleyRoom", dependencies: [
            "ParleyCore", "ParleyLog", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOExtras", package: "swift-nio-extras"),
        ]),
        .target(name: "ParleyStore", dependencies: [
            "ParleyCore", "ParleyLog", "ParleyReports",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "TerminalGraphics"),
        .target(name: "TerminalUI", dependencies: ["DisplayWidth", "TerminalGraphics"]),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "NcursesTerminal", dependencies: ["CNcursesw", "SystemIO", "TerminalGraphics", "TerminalUI"]),
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .target(name: "PNGDecoder", dependencies: ["CDeflate", "TerminalGraphics"]),
        // libpng, the reference PNGDecoder is tested and benchmarked against: never a dependency of `parley`.
        .target(name: "PNGReference", dependencies: ["CLibPNG", "PNGDecoder", "TerminalGraphics"]),
        .target(name: "ParleyApp", dependencies: [
            "ParleyCore", "ParleyLog", "TerminalGraphics", "TerminalUI", "PNGDecoder", .product(name: "Algorithms", package: "swift-algorithms"),
        ]),
        // Puts a screen in a room: the network's reports turned into the screens' messages.
        .target(name: "RoomWiring", dependencies: [
            "ParleyApp", "ParleyCore", "ParleyLog", "ParleyRoom", "SystemIO",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .executableTarget(name: "parley", dependencies: [
            "ParleyCore", "ParleyLog", "ParleyStore", "ParleyReports", "ParleyApp", "TerminalUI", "NcursesTerminal", "PNGDecoder", "SystemIO",
            "DisplayWidth", "RoomWiring", "ParleyRoom",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // How the benchmarks time and print their lines.
        .target(name: "BenchReport", path: "Benchmarks/BenchReport"),
        .executableTarget(name: "ParleyBench", dependencies: ["BenchReport", "ParleyCore", "ParleyLog", "ParleyApp", "TerminalGraphics", "TerminalUI", "PNGDecoder", "PNGReference"],
                          path: "Benchmarks/ParleyBench"),
        .executableTarget(name: "StoreInsertBench", dependencies: ["ParleyStore", "ParleyLog", .product(name: "GRDB", package: "GRDB.swift")],
                          path: "Benchmarks/StoreInsertBench"),
        .executableTarget(name: "RoomBench", dependencies: ["BenchReport", "ParleyApp", "ParleyCore", "ParleyLog", "ParleyRoom", "RoomWiring", "TerminalGraphics", "TerminalUI"],
                          path: "Benchmarks/RoomBench"),
        // What the tests that run the real parley share: running programs, the built parley, the store races, a TCP proxy.
        .target(name: "ParleyTestSupport", dependencies: ["ParleyCore", "ParleyLog", "ParleyStore"], path: "Tests/ParleyTestSupport"),
        .testTarget(name: "DisplayWidthTests", dependencies: ["DisplayWidth"]),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "ParleyRoomTests", dependencies: [
            "ParleyRoom", "ParleyCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOExtras", package: "swift-nio-extras"),
        ]),
        .testTarget(name: "ParleyLogTests", dependencies: ["ParleyLog"]),
        .testTarget(name: "RoomWiringTests", dependencies: ["RoomWiring", "ParleyApp", "ParleyCore", "ParleyRoom", "SystemIO"]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: [
            "TerminalGraphics", "TerminalUI", "PNGDecoder", "PNGReference", "CDeflate", "ParleyCore",
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "DisplayWidth"]),
        .testTarget(name: "ParleyAppTests", dependencies: ["ParleyApp", "TerminalGraphics"], exclude: ["Snapshots"]),
        .testTarget(name: "NcursesTerminalTests", dependencies: ["NcursesTerminal", "TerminalUI"]),
        .testTarget(name: "ParleyReportsTests", dependencies: ["ParleyReports", "ParleyCore"]),
        .testTarget(name: "ParleyStoreTests", dependencies: [
            "ParleyStore", "ParleyReports", "ParleyLog", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            "ParleyTestSupport", "parley",
        ]),
        .testTarget(name: "EndToEndTests", dependencies: ["ParleyCore", "ParleyLog", "ParleyApp", "ParleyStore", "ParleyTestSupport", "parley"]),
    ]
)
