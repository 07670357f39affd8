/// The bytes to send once at start-up, before reading the replies into `TerminalGraphicsReply(parsing:)`: the kitty
/// graphics query, `ESC [ 16 t` (cell size in pixels) and `ESC [ c` (primary device attributes) last, because every
/// terminal answers DA1 and answers in order, so its reply marks the end of the answers.
public enum GraphicsQuery {
    static let deviceQueries: [UInt8] = [escape, UInt8(ascii: "["), UInt8(ascii: "1"), UInt8(ascii: "6"), UInt8(ascii: "t"),
                                         escape, UInt8(ascii: "["), UInt8(ascii: "c")]

    /// The queries for the terminal `environment` describes. Inside tmux or GNU screen, and on the Linux console, the
    /// kitty query is left out: tmux and screen take an APC string for the window title (the status line would read
    /// "Gi=31,s=1,…") and pass no kitty pictures anyway; the console prints it.
    public static func bytes(environment: [String: String]) -> [UInt8] {
        let term = environment["TERM"] ?? ""
        let noKitty = environment["TMUX"] != nil || environment["STY"] != nil
            || term.hasPrefix("screen") || term.hasPrefix("tmux") || term == "linux"
        return (noKitty ? [] : KittyGraphics.query) + deviceQueries
    }
}

/// What the terminal answered to the start-up queries, and what it means.
public struct TerminalGraphicsReply: Sendable, Equatable {
    /// An `ESC _ G i=31 ; OK ESC \` reply was seen. (iTerm2 answers `ESC _ G OK ESC \` without the id: deliberately not
    /// counted, so it gets sixel, which it has supported far longer.)
    public var kittyOK: Bool
    /// The primary device attributes reply `ESC [ ? 62;4;... c` lists attribute 4.
    public var sixel: Bool
    /// From a `ESC [ 6 ; height ; width t` reply to `ESC [ 16 t`.
    public var cellPixels: Size?
    /// The DA1 reply (ending in `c`) was seen: every terminal answers DA1 last, so stop waiting.
    public var complete: Bool
    /// Bytes outside any escape sequence: keys typed while the replies were awaited, to be given back.
    public var typed: [UInt8] = []

    /// Parses whatever bytes arrived so far (replies may come in any order, with unrelated bytes in between).
    /// A sequence cut off at the end of `bytes` is ignored until more arrives: parse the whole buffer again then.
    public init(parsing bytes: [UInt8]) {
        kittyOK = false; sixel = false; cellPixels = nil; complete = false
        var i = 0
        let n = bytes.count
        while i < n {
            guard bytes[i] == escape, i + 1 < n else { typed.append(bytes[i]); i += 1; continue }
            switch bytes[i + 1] {
            case UInt8(ascii: "_"):
                // APC: the body runs to ESC \. Another ESC first means this one was broken: resume there.
                var j = i + 2
                while j < n && bytes[j] != escape { j += 1 }
                guard j + 1 < n else { return }
                guard bytes[j + 1] == UInt8(ascii: "\\") else { i = j; continue }
                if TerminalGraphicsReply.isKittyOK(bytes[(i + 2)..<j]) { kittyOK = true }
                i = j + 2
            case UInt8(ascii: "["):
                // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E.
                var j = i + 2
                while j < n && (0x30...0x3F).contains(bytes[j]) { j += 1 }
                let parameters = bytes[(i + 2)..<j]
                while j < n && (0x20...0x2F).contains(bytes[j]) { j += 1 }
                guard j < n else { return }
                guard (0x40...0x7E).contains(bytes[j]) else { i += 1; continue }
                // Replies end in c or t; any other CSI is a key (an arrow) typed meanwhile.
                if bytes[j] == UInt8(ascii: "c") || bytes[j] == UInt8(ascii: "t") { handleCSI(parameters: parameters, final: bytes[j]) }
                else { typed += bytes[i...j] }
                i = j + 1
            default:
                typed.append(bytes[i]); i += 1
            }
        }
    }

    /// The protocol to use: kitty if it said OK, else sixel if DA1 lists 4, else nil.
    public var preferred: ImageProtocol? {
        if kittyOK { return .kitty }
        if sixel { return .sixel }
        return nil
    }

    /// `G` + keys + `;` + message, where the keys include i=31 and the message is OK.
    private static func isKittyOK(_ body: ArraySlice<UInt8>) -> Bool {
        guard body.first == UInt8(ascii: "G"), let semicolon = body.firstIndex(of: UInt8(ascii: ";")) else { return false }
        let keys = body[(body.startIndex + 1)..<semicolon].split(separator: UInt8(ascii: ","))
        let message = body[(semicolon + 1)...]
        return keys.contains { Array($0) == Array("i=\(KittyGraphics.queryID)".utf8) } && Array(message) == Array("OK".utf8)
    }

    private mutating func handleCSI(parameters: ArraySlice<UInt8>, final: UInt8) {
        switch final {
        case UInt8(ascii: "c") where parameters.first == UInt8(ascii: "?"):
            complete = true
            if TerminalGraphicsReply.numbers(parameters.dropFirst()).contains(4) { sixel = true }
        case UInt8(ascii: "t"):
            let values = TerminalGraphicsReply.numbers(parameters)
            if values.count == 3, values[0] == 6, let height = values[1], let width = values[2], height > 0, width > 0 {
                cellPixels = Size(width: width, height: height)
            }
        default:
            break
        }
    }

    /// `;`-separated decimal parameters; nil for an empty or non-numeric one.
    private static func numbers(_ parameters: ArraySlice<UInt8>) -> [Int?] {
        parameters.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map { field in
            guard !field.isEmpty, field.count <= 9, field.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return field.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
    }
}
