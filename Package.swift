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
    ],
    targets: [
        .target(name: "ParleyCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "ParleyLog", dependencies: ["ParleyCore"]),
        .target(name: "ParleyReports", dependencies: ["ParleyCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "ParleyStore", dependencies: [
            "ParleyCore", "ParleyLog", "ParleyReports",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "TerminalUI", dependencies: ["ParleyCore"]),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "NcursesTerminal", dependencies: ["CNcursesw", "ParleyCore", "TerminalUI"]),
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .target(name: "PNGDecoder", dependencies: ["CDeflate", "CLibPNG", "TerminalUI"]),
        .target(name: "ParleyApp", dependencies: ["ParleyCore", "ParleyLog", "TerminalUI", "PNGDecoder"]),
        .executableTarget(name: "parley", dependencies: [
            "ParleyCore", "ParleyLog", "ParleyStore", "ParleyReports", "ParleyApp", "TerminalUI", "NcursesTerminal", "PNGDecoder",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "ParleyBench", dependencies: ["ParleyCore", "ParleyLog", "ParleyApp", "TerminalUI", "PNGDecoder"],
                          path: "Benchmarks/ParleyBench"),
        .executableTarget(name: "StoreInsertBench", dependencies: ["ParleyStore", .product(name: "GRDB", package: "GRDB.swift")],
                          path: "Benchmarks/StoreInsertBench"),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore"]),
        .testTarget(name: "ParleyLogTests", dependencies: ["ParleyLog"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "PNGDecoder", "CDeflate", "ParleyCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ParleyAppTests", dependencies: ["ParleyApp"], exclude: ["Snapshots"]),
        .testTarget(name: "ParleyReportsTests", dependencies: ["ParleyReports", "ParleyCore"]),
        .testTarget(name: "ParleyStoreTests", dependencies: ["ParleyStore", "ParleyReports", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "EndToEndTests", dependencies: ["ParleyCore", "ParleyLog"]),
    ]
)
