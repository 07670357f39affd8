// ParleyRoom: one workshop across laptops — the facilitator's room, note-takers and the projector
// joining it over the LAN, everything on the wire sealed with a key derived from the room code.

/// The code a facilitator reads aloud and note-takers type to join: four short words
/// (`maple-otter-cello-piano`, 32 bits from 256 words), or whatever `--room-code` set. Typed
/// codes are normalised (case, spaces, dashes), so "Maple Otter cello-PIANO" is the same room.
public struct RoomCode: Sendable, Equatable, CustomStringConvertible {
    /// Lowercase words or digits joined by `-`.
    public let text: String
    public var description: String { text }

    /// A typed or printed code; nil when it holds fewer than 6 letters or digits (too easy to guess).
    public init?(_ typed: String) {
        let parts = typed.lowercased().split { !($0.isLetter || $0.isNumber) }
        guard parts.reduce(0, { $0 + $1.count }) >= 6 else { return nil }
        text = parts.joined(separator: "-")
    }

    /// A new code of four words.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> RoomCode {
        RoomCode((0..<4).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: "-"))!
    }

    public static func generate() -> RoomCode {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Short, concrete and unlike one another when read aloud.
    static let words: [String] = """
        acid acorn actor alarm album alley amber angle apple apron arena arrow aspen atlas attic award
        bacon badge baker bamboo banjo barley basil beach beard beetle bell bench berry bicycle birch bison
        blade blanket blossom board bonus boot bottle boxer brass bread brick bridge broom bubble bucket
        buffalo bugle butter button cabin cactus camel canal candle canoe canyon carbon carpet carrot
        castle cedar cello chalk cherry chess chimney circus citrus clock cloud clover cobalt cocoa comet
        copper coral cotton cradle crane crater crayon cricket crystal daisy dancer delta denim desert
        diamond dingo dolphin donkey dragon drum eagle easel echo elbow ember engine fabric falcon feather
        fennel ferry fiddle fig finch flame flute forest fossil fox galaxy garden garlic gecko ginger
        glacier globe goose granite grape gravel guitar hammer harbor harp hazel hedge helmet heron hollow
        honey hornet igloo island ivory jacket jaguar jasmine jelly jigsaw jungle kayak kettle kiwi koala
        ladder lagoon lantern laser lemon lentil lily linen lizard lobster locket lotus magnet mango maple
        marble meadow melon meteor mint mirror mitten monkey mosaic moss muffin museum nectar needle nickel
        noodle nutmeg oak oasis ocean olive onion opal orange orbit otter owl paddle panda paper parrot
        peach pebble pepper piano pickle pillow pine planet plum pocket pony poppy puffin pumpkin quartz
        quill rabbit radish rainbow raven reef ribbon river robin rocket saddle salmon sandal satin scarf
        seal shadow shell silver sketch sled slipper snail spruce squash stamp star stone straw sugar
        summit sunset swan tablet tango teapot thistle thunder tiger timber toast tomato topaz torch
        tractor
        """.split(whereSeparator: \.isWhitespace).map(String.init)
}
