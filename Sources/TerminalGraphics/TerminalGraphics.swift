// TerminalGraphics: pictures for a terminal, as pure functions of pixels and bytes: `RGBAImage`, scaling to cells,
// colour approximation, the kitty graphics and DEC sixel protocols, and the terminal's answers to the start-up
// queries. No I/O and no screen: TerminalUI puts pictures on a `Screen`, NcursesTerminal writes the bytes.

/// Which inline-image protocol the terminal speaks (nil elsewhere: images are drawn as half-block cells).
public enum ImageProtocol: String, Sendable, Equatable, CaseIterable { case kitty, sixel }

let escape: UInt8 = 0x1B
/// String terminator `ESC \`.
let stringTerminator: [UInt8] = [0x1B, 0x5C]
