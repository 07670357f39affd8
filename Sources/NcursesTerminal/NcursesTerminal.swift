import CNcursesw
import Foundation
import SystemIO
import TerminalGraphics
import TerminalUI

public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
}

/// The one place that talks to ncursesw: owns the terminal from `init` to `close`, draws
/// `Screen`s and turns input into `Key`s. Everything above it is pure and testable without a tty.
public final class NcursesTerminal: Terminal {
    private var screenHandle: OpaquePointer?
    private let colorsEnabled: Bool
    private var pairs: [PairKey: Int32] = [:]
    private var closed = false
    /// Set when the terminal speaks an inline-image protocol.
    private let inlineImages: InlineImageOutput?
    private let reportedCellPixels: Size?
    /// The size in cells and the cell size in pixels the pictures were last placed for.
    private var placedFor: [Size] = []

    private struct PairKey: Hashable { var foreground: Int32; var background: Int32 }

    public init() throws {
        setlocale(LC_ALL, "")
        // Without a UTF-8 locale ncurses mangles every non-ASCII character; C.UTF-8 exists everywhere.
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_ALL, "C.UTF-8") }
        try Self.requireTerminal()
        let detection = InlineImageOutput.detect(environment: ProcessInfo.processInfo.environment)
        inlineImages = detection.kind.map(InlineImageOutput.init)
        reportedCellPixels = detection.cellPixels
        // newterm, unlike initscr, returns NULL instead of exiting when TERM is unknown.
        guard let handle = parley_newterm() else {
            throw TerminalError(description: "cannot open the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset")); try TERM=xterm-256color")
        }
        screenHandle = handle
        // raw, not cbreak: Ctrl-Q, Ctrl-S and Ctrl-Z must reach us instead of the tty driver.
        raw()
        noecho()
        nonl()
        keypad(parley_stdscr(), true)
        parley_set_escdelay(25)
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            colorsEnabled = true
        } else {
            colorsEnabled = false
        }
        parley_install_signal_handlers()
        // Bracketed paste: a pasted line break is then text, not Enter (which would save half a paste).
        writeControl(Self.bracketedPasteOn)
        // Keys typed while the terminal was being asked about pictures: ungetch returns the last pushed first.
        for byte in detection.typed.reversed() { ungetch(Int32(byte)) }
    }

    /// Fails unless standard input and output are a terminal: said before a command joins a room or writes
    /// a log it could not then show (`join` joined and wrote one before failing).
    public static func requireTerminal() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError(description: "Parley needs a terminal: standard input and output must be a tty")
        }
    }

    deinit { close() }

    /// Restores the terminal. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        inlineImages?.clear()
        endwin()
        writeControl(Self.bracketedPasteOff)
        if let screenHandle { delscreen(screenHandle) }
        screenHandle = nil
    }

    private var colorDepth: ColorDepth {
        guard colorsEnabled else { return .none }
        return parley_colors() >= 0x1000000 ? .trueColor : .indexed256
    }

    public var imageSupport: ImageSupport {
        ImageSupport(depth: colorDepth, inline: inlineImages?.kind, cellPixels: cellPixels)
    }

    /// One cell in pixels: from the window size the terminal reports (it changes with the font),
    /// else from its answer at start-up, else a common 10×20.
    private var cellPixels: Size {
        var window = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_xpixel > 0, window.ws_ypixel > 0, window.ws_col > 0, window.ws_row > 0 {
            return Size(width: Int(window.ws_xpixel) / Int(window.ws_col), height: Int(window.ws_ypixel) / Int(window.ws_row))
        }
        return reportedCellPixels ?? Size(width: 10, height: 20)
    }

    public var size: Size { Size(width: Int(parley_cols()), height: Int(parley_lines())) }

    public func draw(_ screen: Screen) {
        let rows = min(screen.height, Int(parley_lines()))
        let columns = min(screen.width, Int(parley_cols()))
        for y in 0..<rows {
            // Clear first: if the C library measures a glyph narrower than we do, no stale cell survives.
            move(Int32(y), 0)
            clrtoeol()
            for x in 0..<columns {
                let cell = screen[x, y]
                if cell.isContinuation { continue }
                setStyle(cell.style)
                var wide = cell.character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                wide.append(0)
                _ = mvaddwstr(Int32(y), Int32(x), &wide)
            }
        }
        setStyle(.plain)
        if let cursor = screen.cursor, cursor.x < columns, cursor.y < rows {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
        if let inlineImages {
            // After a resize or a font change every picture is placed again.
            let geometry = [Size(width: columns, height: rows), cellPixels]
            // A repainted line loses its sixel: ncurses rewrites every cell of it.
            inlineImages.update(screen.images, cellPixels: geometry[1], force: geometry != placedFor) { rect in
                wredrawln(parley_stdscr(), Int32(rect.y), Int32(rect.height))
                refresh()
            }
            placedFor = geometry
        }
    }

    private func setStyle(_ style: Style) {
        var attributes: attr_t = 0
        if style.bold { attributes |= parley_a_bold() }
        if style.reverse { attributes |= parley_a_reverse() }
        if style.underline { attributes |= parley_a_underline() }
        if style.dim { attributes |= parley_a_dim() }
        var pair: Int32 = 0
        if colorsEnabled, style.foreground != nil || style.background != nil {
            pair = colorPair(foreground: colorNumber(style.foreground), background: colorNumber(style.background))
        } else if !colorsEnabled, style.background != nil, !style.reverse {
            // Monochrome: a coloured bar (header, selection) still has to stand out.
            attributes |= parley_a_reverse()
        }
        _ = attr_set(attributes, Int16(truncatingIfNeeded: pair), &pair)
    }

    private func colorPair(foreground: Int32, background: Int32) -> Int32 {
        let key = PairKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return pair }
        // alloc_pair recycles the least recently used pair when the terminal runs out.
        let pair = alloc_pair(foreground, background)
        if pair < 0 { return 0 }
        pairs[key] = pair
        return pair
    }

    private func colorNumber(_ color: Color?) -> Int32 {
        guard let color else { return -1 }
        let available = Int(parley_colors())
        switch color {
        case .black: return 0
        case .red: return 1
        case .green: return 2
        case .yellow: return 3
        case .blue: return 4
        case .magenta: return 5
        case .cyan: return 6
        case .white: return 7
        case .indexed(let n): return Int(n) < available ? Int32(n) : Int32(ColorApproximation.basic(forIndexed: n))
        case .rgb(let r, let g, let b):
            // Direct-colour terminals (TERM=xterm-direct) take the RGB value as the colour number.
            if available >= 0x1000000 { return Int32(r) << 16 | Int32(g) << 8 | Int32(b) }
            let index = ColorApproximation.indexed(r: r, g: g, b: b)
            return Int(index) < available ? Int32(index) : Int32(ColorApproximation.basic(forIndexed: index))
        }
    }

    private static let bracketedPasteOn = "\u{1B}[?2004h", bracketedPasteOff = "\u{1B}[?2004l"

    private func writeControl(_ sequence: String) { _ = writeAll(STDOUT_FILENO, Array(sequence.utf8)) }

    /// Inside a bracketed paste, and the last key read in it.
    private var pasting = false
    private var lastPasted: RawKey?

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        var wait = timeoutMilliseconds
        // Loops past what is not a key: a paste's marker, or what a paste drops.
        while true {
            timeout(Int32(wait))
            let raw = readRaw()
            if parley_take_signal() != 0 { return .terminate }
            guard let raw else {
                // A paste comes in one burst: a whole wait without its end marker means it was lost, and
                // Enter must save again.
                if wait > 0 { pasting = false }
                return nil
            }
            wait = 0
            guard KeyDecoder.needsNext(raw) else {
                guard pasting else { return KeyDecoder.decode(raw).key }
                defer { lastPasted = raw }
                if let key = KeyDecoder.pasted(raw, after: lastPasted) { return key }
                continue
            }
            timeout(0)
            let next = readRaw()
            if next == .character(91), let marker = readPasteMarker() {  // ESC [
                pasting = marker
                lastPasted = nil
                continue
            }
            let (key, usedNext) = KeyDecoder.decode(raw, next: next)
            // Esc followed quickly by a key of its own (Esc then Ctrl-Q): keep that key for the next read.
            unget(usedNext ? [] : [next].compactMap { $0 })
            // Inside a paste an escape sequence is not a key.
            if !pasting { return key }
        }
    }

    /// After ESC [: the start (true) or end (false) of a bracketed paste, read whole; nil, with what was
    /// read put back, for anything else.
    private func readPasteMarker() -> Bool? {
        var tail: [RawKey] = []
        while tail.count < 4, KeyDecoder.mayBePasteMarker(tail), let raw = readRaw() { tail.append(raw) }
        if let marker = KeyDecoder.pasteMarker(tail) { return marker }
        unget(tail)
        return nil
    }

    /// Puts keys back to be read again, in order (ncurses returns the last pushed first).
    private func unget(_ keys: [RawKey]) {
        for key in keys.reversed() {
            switch key {
            case .character(let value): unget_wch(wchar_t(bitPattern: value))
            case .code(let code): ungetch(code)
            }
        }
    }

    private func readRaw() -> RawKey? {
        var character: wint_t = 0
        switch get_wch(&character) {
        case KEY_CODE_YES: return .code(Int32(character))
        case OK: return .character(UInt32(character))
        default: return nil
        }
    }
}
