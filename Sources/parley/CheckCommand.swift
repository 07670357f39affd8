// parley: the executable — swift-argument-parser commands, nothing else.

import ArgumentParser
import Foundation
import ParleyCore
import PNGDecoder

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate decks, personas and codebooks.",
        discussion: "Prints every problem as path:line:column: message and exits 1 if there is any. Screenshots are decoded too, so a damaged PNG is found before the workshop."
    )

    @Argument(help: "Files or folders to check, or decks by id as `parley run` takes them (default: Decks/ and Personas/ here).")
    var paths: [String] = []

    func run() throws {
        // A deck's id too (`parley check demo`), as `parley run demo` reads it.
        let (diagnostics, files) = ContentLoader.check(paths: paths.map(ContentLoader.resolveDeckArgument), checkingImages: PNGDecoder.problem(at:))
        for diagnostic in diagnostics { print(diagnostic) }
        if diagnostics.isEmpty {
            print("\(files) file\(files == 1 ? "" : "s") checked, no problems.")
        } else {
            throw UserError("\(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s") checked.")
        }
    }
}
