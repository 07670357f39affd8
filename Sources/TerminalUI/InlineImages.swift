import Foundation

// Byte generation for the two inline-image terminal protocols (kitty graphics in KittyGraphics.swift, DEC sixel
// in Sixel.swift) and parsing of the terminal's answers to the start-up queries (TerminalGraphicsReply.swift).
// Everything here is pure: no I/O, no terminal state.

/// Which inline-image protocol the terminal speaks (nil elsewhere: images are drawn as half-block cells).
public enum ImageProtocol: String, Sendable, Equatable, CaseIterable { case kitty, sixel }

let escape: UInt8 = 0x1B
/// String terminator `ESC \`.
let stringTerminator: [UInt8] = [0x1B, 0x5C]
