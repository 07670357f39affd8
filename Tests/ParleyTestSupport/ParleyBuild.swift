import Foundation

/// The checkout and the `parley` built with the tests, for every test that runs the real binary.
public enum ParleyBuild {
    /// The checkout, for the bundled Decks/ and Personas/ the tests run against.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The build products directory `swift test` put this test binary in, whatever the
    /// configuration (`-c release`) or `--scratch-path`: `parley` is built beside it.
    public static let products: URL = {
        #if os(macOS)
        Bundle(for: BundleMarker.self).bundleURL.deletingLastPathComponent()
        #else
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        #endif
    }()

    /// The `parley` built with these tests (the test targets that run it depend on it in Package.swift).
    public static var binary: String {
        get throws {
            let path = products.appendingPathComponent("parley").path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw TestError(description: "no parley executable at \(path): the tests run the parley built beside them; build with `swift test`")
            }
            return path
        }
    }

    #if os(macOS)
    private final class BundleMarker {}
    #endif
}
