// NcursesTerminal: the real terminal — draws a Screen with ncursesw, reads keys, owns the terminal's
// lifecycle and its pictures. The only importer of the C module.

import CNcursesw
import Foundation
import SystemIO
import TerminalGraphics
import TerminalUI

/// Shows a screen's `ImagePlacement`s with the terminal's inline-image protocol, after ncurses has
/// drawn the cells: ncurses never learns of the pictures, so they are written straight to the
/// terminal between a saved and a restored cursor, and taken away when the screen no longer has them.
final class InlineImageOutput {
    let kind: ImageProtocol
    private var shown: [ImagePlacement] = []
    private var kittyIDs: [String: UInt32] = [:]
    /// Encoded sixels by file and pixel size: a prompt's picture is encoded once, not every frame.
    private var sixels: [String: [UInt8]] = [:]

    init(kind: ImageProtocol) { self.kind = kind }

    /// Brings the terminal's pictures in line with `placements`. `force` redraws them all (after a
    /// resize the terminal's cells moved); `repaint` has ncurses rewrite cells a sixel covered.
    func update(_ placements: [ImagePlacement], cellPixels: Size, force: Bool, repaint: (Rect) -> Void) {
        guard force || placements != shown else { return }
        var out: [UInt8] = []
        for old in shown where force || !placements.contains(old) {
            switch kind {
            case .kitty: if let id = kittyIDs[old.path] { out += KittyGraphics.remove(id: id) }
            case .sixel: repaint(old.rect)
            }
        }
        for placement in placements where force || !shown.contains(placement) {
            guard let picture = picture(for: placement, cellPixels: cellPixels, transmit: &out) else { continue }
            // Save the cursor, draw at the placement's corner, put the cursor back where ncurses left it.
            out += Array("\u{1B}7\u{1B}[\(placement.rect.y + 1);\(placement.rect.x + 1)H".utf8) + picture + Array("\u{1B}8".utf8)
        }
        shown = placements
        Self.write(out)
    }

    /// Takes every picture away (on exit).
    func clear() {
        if kind == .kitty, !kittyIDs.isEmpty { Self.write(KittyGraphics.removeAll()) }
        shown = []
    }

    private func picture(for placement: ImagePlacement, cellPixels: Size, transmit: inout [UInt8]) -> [UInt8]? {
        switch kind {
        case .kitty:
            // The file itself goes to the terminal once; kitty scales it into the cells, sharp at any size.
            if kittyIDs[placement.path] == nil {
                guard let png = FileManager.default.contents(atPath: placement.path) else { return nil }
                let id = UInt32(kittyIDs.count + 1)
                kittyIDs[placement.path] = id
                transmit += KittyGraphics.transmit(id: id, png: [UInt8](png))
            }
            return KittyGraphics.place(id: kittyIDs[placement.path]!, columns: placement.rect.width, rows: placement.rect.height)
        case .sixel:
            let width = placement.rect.width * cellPixels.width, height = placement.rect.height * cellPixels.height
            let key = "\(placement.path)|\(width)x\(height)"
            if let cached = sixels[key] { return cached }
            let encoded = Sixel.encode(placement.image, width: width, height: height)
            sixels[key] = encoded
            return encoded
        }
    }

    /// A terminal that went away loses its pictures, nothing else: the failure is not reported.
    static func write(_ bytes: [UInt8]) { _ = writeAll(STDOUT_FILENO, bytes) }

    /// What start-up found out: the protocol to use, the cell size the terminal reported, and the
    /// bytes that arrived meanwhile but were no reply (keys typed early), to be given back to ncurses.
    struct Detection { var kind: ImageProtocol?; var cellPixels: Size?; var typed: [UInt8] }

    /// `PARLEY_IMAGES=kitty|sixel|cells` decides; otherwise the terminal is asked (kitty's query, the
    /// cell size, primary device attributes — every terminal answers the last, so the wait ends
    /// there, a few milliseconds locally; half a second at most for one that never answers).
    static func detect(environment: [String: String]) -> Detection {
        if let value = environment["PARLEY_IMAGES"], !value.isEmpty {
            let kind = ImageProtocol(rawValue: value.lowercased())
            if kind == nil, value.lowercased() != "cells" {
                // Said before the screen takes over, so it is there to read after quitting.
                FileHandle.standardError.write(Data("parley: PARLEY_IMAGES=\(value) is not kitty, sixel or cells; screenshots are drawn as cells\n".utf8))
            }
            return Detection(kind: kind, cellPixels: nil, typed: [])
        }
        let term = environment["TERM"] ?? ""
        var saved = termios()
        guard !term.isEmpty, term != "dumb", tcgetattr(STDIN_FILENO, &saved) == 0 else { return Detection(kind: nil, cellPixels: nil, typed: []) }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in cc[Int(VMIN)] = 0; cc[Int(VTIME)] = 0 }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        write(GraphicsQuery.bytes(environment: environment))
        var bytes: [UInt8] = []
        let deadline = DispatchTime.now().uptimeNanoseconds + 500_000_000
        var buffer = [UInt8](repeating: 0, count: 256)
        while !TerminalGraphicsReply(parsing: bytes).complete {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { break }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32((deadline - now) / 1_000_000) + 1) > 0 else { continue }
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer.prefix(count)
        }
        let reply = TerminalGraphicsReply(parsing: bytes)
        return Detection(kind: reply.preferred, cellPixels: reply.cellPixels, typed: reply.typed)
    }
}
