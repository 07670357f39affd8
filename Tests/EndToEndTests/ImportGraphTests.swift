import Foundation
import Testing

/// The module graph docs/architecture.md draws, checked on the sources: who may import what.
@Suite struct ImportGraphTests {
    /// Every module's imports, read from its source files.
    static func imports() throws -> [String: Set<String>] {
        let sources = ParleyBuild.repository.appendingPathComponent("Sources")
        var graph: [String: Set<String>] = [:]
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path) {
            let folder = sources.appendingPathComponent(module)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            var found: Set<String> = []
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    if let index = words.firstIndex(of: "import"), index + 1 < words.count,
                       words[..<index].allSatisfy({ $0.hasPrefix("@") }) {
                        found.insert(String(words[index + 1]))
                    }
                }
            }
            graph[module] = found
        }
        return graph
    }

    @Test func theLayersHold() throws {
        let graph = try Self.imports()
        #expect(graph.count > 10, "read the module folders")
        let parley: Set<String> = Set(graph.keys.filter { $0.hasPrefix("Parley") })
        for (module, imports) in graph where module != "NcursesTerminal" {
            #expect(!imports.contains("CNcursesw"), "\(module) imports the ncurses C module")
        }
        #expect(graph["TerminalUI"]!.isDisjoint(with: parley), "TerminalUI imports \(graph["TerminalUI"]!.intersection(parley))")
        #expect(graph["TerminalGraphics"]!.isDisjoint(with: parley.union(["TerminalUI"])))
        #expect(graph["ParleyApp"]!.isDisjoint(with: ["ParleyStore", "NcursesTerminal", "CNcursesw", "GRDB", "PostgresNIO"]))
        #expect(graph["ParleyCore"]!.isDisjoint(with: parley.union(["SystemIO", "TerminalUI"])))
        #expect(graph["PNGDecoder"]!.isDisjoint(with: ["CLibPNG", "PNGReference", "TerminalUI"]))
        #expect(graph["parley"]!.isDisjoint(with: ["CLibPNG", "PNGReference"]))
        // Reports are pure functions of rows, so a second backend feeds them the same rows.
        #expect(graph["ParleyReports"]!.isDisjoint(with: ["GRDB", "GRDBSQLite", "SQLite3", "PostgresNIO", "ParleyStore", "ParleyLog"]))
        // Screens see the room only as messages and effects: the network lives in ParleyRoom, the
        // translation in RoomWiring, and the room never reaches into screens or the terminal.
        #expect(graph["ParleyApp"]!.isDisjoint(with: ["ParleyRoom", "RoomWiring", "NIOCore", "NIOPosix", "Crypto"]))
        #expect(graph["ParleyRoom"]!.isDisjoint(with: ["ParleyApp", "RoomWiring", "TerminalUI", "NcursesTerminal", "ParleyStore"]))
        #expect(graph["RoomWiring"]!.isDisjoint(with: ["NcursesTerminal", "TerminalUI", "ParleyStore"]))
    }
}
