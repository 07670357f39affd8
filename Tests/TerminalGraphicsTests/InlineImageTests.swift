import Foundation
import Testing
@testable import TerminalGraphics

// MARK: - helpers

private let ESC: UInt8 = 0x1B

private func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

/// A deterministic generator (SplitMix64), so a failure can be reproduced.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One kitty graphics command: its keys and its raw (still base64) payload.
private struct KittyCommand {
    var keys: [String: String]
    var keyOrder: [String]
    var payload: String
}

private enum ParseError: Error { case malformed(String) }

/// Splits `data` into `ESC _ G keys ; payload ESC \` commands; anything else (bytes between them, an unterminated
/// command, a key without `=`, a repeated key) is an error.
private func kittyCommands(_ data: [UInt8]) throws -> [KittyCommand] {
    var commands: [KittyCommand] = []
    var i = 0
    while i < data.count {
        guard i + 2 < data.count, data[i] == ESC, data[i + 1] == UInt8(ascii: "_"), data[i + 2] == UInt8(ascii: "G") else {
            throw ParseError.malformed("expected ESC _ G at \(i)")
        }
        var j = i + 3
        while j < data.count && data[j] != ESC { j += 1 }
        guard j + 1 < data.count, data[j + 1] == UInt8(ascii: "\\") else { throw ParseError.malformed("unterminated at \(i)") }
        let body = String(decoding: data[(i + 3)..<j], as: UTF8.self)
        let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        var command = KittyCommand(keys: [:], keyOrder: [], payload: parts.count > 1 ? String(parts[1]) : "")
        for pair in parts[0].split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, command.keys[String(kv[0])] == nil else { throw ParseError.malformed("bad key \(pair)") }
            command.keys[String(kv[0])] = String(kv[1])
            command.keyOrder.append(String(kv[0]))
        }
        commands.append(command)
        i = j + 2
    }
    return commands
}

/// A decoded sixel image: its declared size, each pixel's colour in percent (nil if never painted), and the registers.
private struct DecodedSixel {
    var width = 0, height = 0
    var pixels: [[Int]?] = []
    var registers: [Int: [Int]] = [:]
    var paintedTwice = 0
    var paintedOutside = 0
    /// Run-length coding misses: `!n` with n < 4, or four or more equal data characters written out.
    var shortRepeats = 0
    var unencodedRuns = 0
    /// Bands started (one more than the `-` seen): a `-` after the last band would start an empty one.
    var bands = 0

    func rgb(_ x: Int, _ y: Int) -> [Int]? {
        pixels[y * width + x].map { $0.map { Int((Double($0) * 255 / 100).rounded()) } }
    }
}

/// A small sixel decoder: `ESC P … q`, raster attributes `"pan;pad;W;H`, `#n;2;r;g;b` definitions, `#n` selection,
/// data characters 63…126 with `!n` repeats, `$` and `-`, up to `ESC \`. Paints into a W×H buffer and counts pixels
/// painted twice or outside it, which a correct encoder never does.
private func decodeSixel(_ data: [UInt8]) throws -> DecodedSixel {
    guard data.count >= 4, data[0] == ESC, data[1] == UInt8(ascii: "P"),
          data[data.count - 2] == ESC, data[data.count - 1] == UInt8(ascii: "\\") else {
        throw ParseError.malformed("not a DCS string")
    }
    guard let q = data.firstIndex(of: UInt8(ascii: "q")) else { throw ParseError.malformed("no q") }
    guard String(decoding: data[2..<q], as: UTF8.self) == "0;1;0" else { throw ParseError.malformed("DCS parameters") }
    var image = DecodedSixel()
    var i = q + 1
    let end = data.count - 2
    func number() -> Int? {
        var value: Int?
        while i < end, (48...57).contains(data[i]) { value = (value ?? 0) * 10 + Int(data[i] - 48); i += 1 }
        return value
    }
    func numbers() -> [Int] {
        var values: [Int] = []
        while true {
            values.append(number() ?? 0)
            guard i < end, data[i] == UInt8(ascii: ";") else { return values }
            i += 1
        }
    }
    var colour: [Int]?
    var x = 0, band = 0
    var literal: (character: UInt8, count: Int) = (0, 0)
    while i < end {
        let c = data[i]
        if (63...126).contains(c) {
            literal = literal.character == c ? (c, literal.count + 1) : (c, 1)
            if literal.count == 4 { image.unencodedRuns += 1 }
        } else {
            literal = (0, 0)
        }
        switch c {
        case UInt8(ascii: "\""):
            i += 1
            let values = numbers()
            guard values.count == 4, values[0] == 1, values[1] == 1 else { throw ParseError.malformed("raster attributes") }
            image.width = values[2]; image.height = values[3]
            image.pixels = Array(repeating: nil, count: image.width * image.height)
        case UInt8(ascii: "#"):
            i += 1
            let values = numbers()
            if values.count == 1 {
                guard let defined = image.registers[values[0]] else { throw ParseError.malformed("undefined register \(values[0])") }
                colour = defined
            } else {
                guard values.count == 5, values[1] == 2, values[2...].allSatisfy({ (0...100).contains($0) }) else {
                    throw ParseError.malformed("colour definition \(values)")
                }
                guard image.registers[values[0]] == nil else { throw ParseError.malformed("register \(values[0]) defined twice") }
                image.registers[values[0]] = Array(values[2...])
            }
        case UInt8(ascii: "$"):
            i += 1; x = 0
        case UInt8(ascii: "-"):
            i += 1; x = 0; band += 1
        case UInt8(ascii: "!"), 63...126:
            var count = 1
            if c == UInt8(ascii: "!") {
                i += 1
                guard let n = number(), i < end, (63...126).contains(data[i]) else { throw ParseError.malformed("repeat") }
                count = n
                if n < 4 { image.shortRepeats += 1 }
            }
            let mask = Int(data[i]) - 63
            i += 1
            guard let colour else { throw ParseError.malformed("data before a colour") }
            for column in x..<(x + count) {
                for row in 0..<6 where mask & (1 << row) != 0 {
                    let y = band * 6 + row
                    guard column < image.width, y < image.height else { image.paintedOutside += 1; continue }
                    if image.pixels[y * image.width + column] != nil { image.paintedTwice += 1 }
                    image.pixels[y * image.width + column] = colour
                }
            }
            x += count
        default:
            throw ParseError.malformed("unexpected byte \(c) at \(i)")
        }
    }
    image.bands = band + 1
    return image
}

private func percent(_ value: UInt8) -> Int { Int((Double(value) * 100 / 255).rounded()) }

/// Builds an RGBA image from a function giving each pixel's RGBA.
private func makeImage(width: Int, height: Int, _ pixel: (Int, Int) -> [UInt8]) -> RGBAImage {
    var data: [UInt8] = []
    data.reserveCapacity(width * height * 4)
    for y in 0..<height { for x in 0..<width { data += pixel(x, y) } }
    return RGBAImage(width: width, height: height, pixels: data)
}

// MARK: - kitty

@Suite struct InlineImageKittyTests {
    @Test(arguments: [1, 2, 3, 3072, 3073, 6144, 10_000])
    func transmitRoundTripsInChunks(size: Int) throws {
        var generator = SeededGenerator(state: UInt64(size))
        let png = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let commands = try kittyCommands(KittyGraphics.transmit(id: 7, png: png))

        let expectedChunks = (((size + 2) / 3 * 4) + 4095) / 4096
        #expect(commands.count == expectedChunks)
        var joined = Data()
        for (n, command) in commands.enumerated() {
            let last = n == commands.count - 1
            #expect(command.payload.utf8.count <= 4096)
            if !last { #expect(command.payload.utf8.count % 4 == 0, "only the last chunk may end in padding") }
            #expect(command.keys["m"] == (last ? "0" : "1"))
            if n == 0 {
                #expect(command.keys["a"] == "t" && command.keys["f"] == "100" && command.keys["t"] == "d")
                #expect(command.keys["i"] == "7" && command.keys["q"] == "2")
            } else {
                #expect(Set(command.keys.keys).isSubset(of: ["m", "q"]), "continuation chunks carry only m (and q)")
            }
            // Each chunk decodes on its own.
            let chunk = try #require(Data(base64Encoded: command.payload))
            joined.append(chunk)
        }
        #expect([UInt8](joined) == png)
    }

    @Test func placeRemoveAndRemoveAll() throws {
        let place = try #require(try kittyCommands(KittyGraphics.place(id: 12, columns: 40, rows: 23)).first)
        #expect(place.keys == ["a": "p", "i": "12", "p": "1", "c": "40", "r": "23", "C": "1", "q": "2"])
        #expect(place.payload.isEmpty)
        #expect(KittyGraphics.place(id: 12, columns: 0, rows: 5).isEmpty)

        let remove = try kittyCommands(KittyGraphics.remove(id: 12))
        #expect(remove.count == 1 && remove[0].keys == ["a": "d", "d": "i", "i": "12", "q": "2"])

        let removeAll = try kittyCommands(KittyGraphics.removeAll())
        #expect(removeAll.count == 1 && removeAll[0].keys == ["a": "d", "d": "A", "q": "2"])
    }

    @Test func queryIsAOnePixelCheck() throws {
        let commands = try kittyCommands(KittyGraphics.query)
        #expect(commands.count == 1)
        #expect(commands[0].keyOrder == ["i", "s", "v", "a", "t", "f"])
        #expect(commands[0].keys == ["i": "31", "s": "1", "v": "1", "a": "q", "t": "d", "f": "24"])
        // f=24 is RGB: one 1×1 pixel is three bytes.
        #expect(Data(base64Encoded: commands[0].payload).map { [UInt8]($0) } == [0, 0, 0])
    }

    @Test func graphicsQueryEndsWithDeviceAttributes() {
        let device = [ESC] + bytes("[16t") + [ESC] + bytes("[c")
        #expect(GraphicsQuery.bytes(environment: ["TERM": "xterm-kitty"]) == KittyGraphics.query + device)
        // tmux and screen would take the kitty query for a window title; the Linux console would print it.
        for environment in [["TERM": "xterm-256color", "TMUX": "/tmp/tmux-0/default,1,0"], ["TERM": "screen.xterm-256color"],
                            ["TERM": "tmux-256color"], ["TERM": "xterm", "STY": "1.pts-0"], ["TERM": "linux"]] {
            #expect(GraphicsQuery.bytes(environment: environment) == device, "\(environment)")
        }
    }
}

// MARK: - sixel

@Suite struct InlineImageSixelTests {
    @Test(arguments: [(37, 31), (1, 1), (5, 6), (6, 7), (9, 12), (2, 13)])
    func fewColoursRoundTripExactly(width: Int, height: Int) throws {
        // Three opaque colours (one not on a percent step) and a transparent one that must come out white.
        let colours: [[UInt8]] = [[18, 140, 201, 255], [250, 250, 250, 255], [0, 0, 0, 255], [90, 10, 10, 0]]
        let image = makeImage(width: width, height: height) { x, y in colours[(x * 3 + y * 5 + x * y) % colours.count] }
        let output = Sixel.encode(image, width: width, height: height)
        #expect(Array(output.prefix(2)) == [ESC, UInt8(ascii: "P")])
        #expect(Array(output.suffix(2)) == [ESC, UInt8(ascii: "\\")])

        let decoded = try decodeSixel(output)
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.paintedTwice == 0 && decoded.paintedOutside == 0)
        #expect(decoded.shortRepeats == 0 && decoded.unencodedRuns == 0)
        #expect(decoded.bands == (height + 5) / 6)
        #expect(decoded.registers.count <= 4)
        var mismatches = 0
        for y in 0..<height {
            for x in 0..<width {
                let source = colours[(x * 3 + y * 5 + x * y) % colours.count]
                let expected = source[3] == 0 ? [100, 100, 100] : source.prefix(3).map(percent)
                if decoded.pixels[y * width + x] != expected { mismatches += 1 }
                // Back in 0–255, within the percent step's rounding.
                if let rgb = decoded.rgb(x, y) {
                    let opaque = source[3] == 0 ? [255, 255, 255] : source.prefix(3).map(Int.init)
                    if zip(rgb, opaque).contains(where: { abs($0 - $1) > 1 }) { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func scaledGradientStaysWithinTheReductionBound() throws {
        let source = makeImage(width: 120, height: 90) { x, y in
            [UInt8(x * 255 / 119), UInt8(y * 255 / 89), UInt8((x * 7 + y * 13) % 256), 255]
        }
        // Over 256 distinct colours in percent steps: more than the registers, so the colours are reduced.
        let sampled = referenceDownsample(source, width: 60, height: 45)

        let decoded = try decodeSixel(Sixel.encode(source, width: 60, height: 45))
        #expect(decoded.width == 60 && decoded.height == 45)
        #expect(decoded.paintedTwice == 0 && decoded.paintedOutside == 0)
        #expect(decoded.shortRepeats == 0 && decoded.unencodedRuns == 0)
        #expect(decoded.bands == 8)
        #expect(decoded.registers.count <= 256)
        #expect(decoded.pixels.allSatisfy { $0 != nil })
        // Bound (documented in Sixel.encode): the nearest register is no farther than the nearest cube point, at most
        // 10 % per channel away: 2.55 · 10 · √3 ≈ 44.2 of 255, plus percent rounding (≤ 1.275 + 0.5 per channel).
        let bound = (2.55 * 10 + 1.275 + 0.5) * 3.0.squareRoot()
        var worst = 0.0, total = 0.0, cubeTotal = 0.0, notWorseThanCube = 0
        for y in 0..<45 {
            for x in 0..<60 {
                let want = sampled[y * 60 + x]
                let got = try #require(decoded.rgb(x, y))
                let d = zip(got, [Int(want.r), Int(want.g), Int(want.b)]).map { Double($0 - $1) * Double($0 - $1) }
                    .reduce(0, +).squareRoot()
                worst = max(worst, d); total += d
                // In percent, against the nearest point of the 6-level cube (0, 20, …, 100): the palette holds that point,
                // so the register chosen is never farther.
                let source = [percent(want.r), percent(want.g), percent(want.b)]
                let cube = source.map { ($0 + 10) / 20 * 20 }
                let register = try #require(decoded.pixels[y * 60 + x])
                let squared = { (a: [Int], b: [Int]) in zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
                if squared(register, source) <= squared(cube, source) { notWorseThanCube += 1 }
                cubeTotal += Double(squared(cube, source)).squareRoot() * 2.55
            }
        }
        #expect(worst <= bound)
        #expect(notWorseThanCube == 60 * 45)
        // The registers the cube leaves free go to frequent colours, so on the whole it does better than the cube alone.
        #expect(total < cubeTotal)
    }

    @Test(arguments: [(40, 30, 40, 30), (120, 90, 60, 45), (1170, 253, 400, 86), (37, 31, 5, 29), (10, 7, 31, 22), (1, 1, 3, 2)])
    func downsampleAveragesTheSourceArea(sourceWidth: Int, sourceHeight: Int, width: Int, height: Int) {
        var generator = SeededGenerator(state: UInt64(sourceWidth * 1000 + width))
        let image = makeImage(width: sourceWidth, height: sourceHeight) { x, y in
            let alpha: UInt8 = (x + y) % 5 == 0 ? UInt8.random(in: 0...255, using: &generator) : 255
            return [UInt8(x * 255 / max(1, sourceWidth - 1)), UInt8.random(in: 0...255, using: &generator), UInt8(y % 256), alpha]
        }
        let reference = referenceDownsample(image, width: width, height: height).flatMap { [$0.r, $0.g, $0.b] }
        #expect(ImageCells.downsample(image, width: width, height: height) == reference)
    }

    /// The plain version of ImageCells.downsample: each pixel the mean of a grid of at most 4×4 (up to 7×7
    /// for small ranges) source pixels, composited on white.
    func referenceDownsample(_ image: RGBAImage, width: Int, height: Int) -> [(r: UInt8, g: UInt8, b: UInt8)] {
        var result = [(r: UInt8, g: UInt8, b: UInt8)](repeating: (255, 255, 255), count: width * height)
        for y in 0..<height {
            let y0 = y * image.height / height, y1 = max(y0 + 1, (y + 1) * image.height / height)
            for x in 0..<width {
                let x0 = x * image.width / width, x1 = max(x0 + 1, (x + 1) * image.width / width)
                var (r, g, b, n) = (0, 0, 0, 0)
                for sy in stride(from: y0, to: y1, by: max(1, (y1 - y0) / 4)) {
                    for sx in stride(from: x0, to: x1, by: max(1, (x1 - x0) / 4)) {
                        let i = (sy * image.width + sx) * 4, a = Int(image.pixels[i + 3])
                        r += (Int(image.pixels[i]) * a + 255 * (255 - a)) / 255
                        g += (Int(image.pixels[i + 1]) * a + 255 * (255 - a)) / 255
                        b += (Int(image.pixels[i + 2]) * a + 255 * (255 - a)) / 255
                        n += 1
                    }
                }
                result[y * width + x] = (UInt8(r / n), UInt8(g / n), UInt8(b / n))
            }
        }
        return result
    }

    @Test func frequentColoursStayExactWhenReduced() throws {
        // A flat iOS-grey background (not a cube colour) with a noisy band of > 256 colours across the middle.
        var generator = SeededGenerator(state: 5)
        let background: [UInt8] = [242, 242, 247, 255]
        let image = makeImage(width: 64, height: 48) { _, y in
            (16..<32).contains(y) ? [UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator),
                                     UInt8.random(in: 0...255, using: &generator), 255] : background
        }
        let decoded = try decodeSixel(Sixel.encode(image, width: 64, height: 48))
        #expect(decoded.registers.count <= 256)
        let expected = background.prefix(3).map(percent)
        let rows = Array(0..<16) + Array(32..<48)
        #expect(rows.allSatisfy { y in (0..<64).allSatisfy { decoded.pixels[y * 64 + $0] == expected } })
    }

    @Test func runsAreLengthEncoded() throws {
        let image = makeImage(width: 300, height: 12) { _, _ in [10, 20, 30, 255] }
        let output = Sixel.encode(image, width: 300, height: 12)
        let text = String(decoding: output, as: UTF8.self)
        // Two full bands of one colour: one register, one run per band.
        #expect(text.components(separatedBy: "!300~").count == 3)
        #expect(output.count < 60)
        let decoded = try decodeSixel(output)
        #expect(decoded.pixels.allSatisfy { $0 == [4, 8, 12] })
    }

    @Test func emptySizesGiveNoBytes() {
        let image = makeImage(width: 4, height: 4) { _, _ in [0, 0, 0, 255] }
        #expect(Sixel.encode(image, width: 0, height: 4).isEmpty)
        #expect(Sixel.encode(image, width: 4, height: 0).isEmpty)
    }
}

// MARK: - replies

@Suite struct InlineImageReplyTests {
    private let kittyOK = [ESC] + bytes("_Gi=31;OK") + [ESC] + bytes("\\")
    private let cellSize = [ESC] + bytes("[6;20;10t")
    private let da1Sixel = [ESC] + bytes("[?62;4;6;22c")
    private let da1Plain = [ESC] + bytes("[?62;1;6;22c")

    @Test func kittyAndSixel() {
        let reply = TerminalGraphicsReply(parsing: kittyOK + cellSize + da1Sixel)
        #expect(reply.kittyOK && reply.sixel && reply.complete)
        #expect(reply.cellPixels == Size(width: 10, height: 20))
        #expect(reply.preferred == .kitty)
    }

    @Test func deviceAttributesWithoutSixel() {
        let reply = TerminalGraphicsReply(parsing: da1Plain)
        #expect(!reply.kittyOK && !reply.sixel && reply.complete)
        #expect(reply.cellPixels == nil)
        #expect(reply.preferred == nil)
        // 4 must be a whole parameter, not a digit of one.
        #expect(!TerminalGraphicsReply(parsing: [ESC] + bytes("[?64;14;42c")).sixel)
    }

    @Test func otherOrderSplitWithNoise() {
        let noise = bytes("j") + [ESC] + bytes("[A") + bytes("x") + [ESC]
        let stream = noise + da1Sixel + bytes("q") + cellSize + [ESC] + bytes("OP") + kittyOK + bytes("zz")
        let reply = TerminalGraphicsReply(parsing: stream)
        #expect(reply.kittyOK && reply.sixel && reply.complete)
        #expect(reply.cellPixels == Size(width: 10, height: 20))
        #expect(reply.preferred == .kitty)
        // What is no reply was typed meanwhile (an arrow, F1, letters) and goes back to the input.
        #expect(reply.typed == bytes("j") + [ESC] + bytes("[Ax") + [ESC] + bytes("q") + [ESC] + bytes("OPzz"))
        let sixelOnly = TerminalGraphicsReply(parsing: bytes("abc") + cellSize + bytes("\r") + da1Sixel)
        #expect(sixelOnly.preferred == .sixel)
    }

    @Test func cellSizeReply() {
        #expect(TerminalGraphicsReply(parsing: cellSize).cellPixels == Size(width: 10, height: 20))
        // The window size reply (to ESC [ 14 t) is not the cell size.
        #expect(TerminalGraphicsReply(parsing: [ESC] + bytes("[4;600;800t")).cellPixels == nil)
    }

    @Test func incompleteUntilDeviceAttributesArrive() {
        let stream = kittyOK + cellSize + da1Sixel
        for cut in 0..<stream.count {
            #expect(!TerminalGraphicsReply(parsing: Array(stream.prefix(cut))).complete, "cut at \(cut)")
        }
        let partial = TerminalGraphicsReply(parsing: kittyOK + cellSize + [ESC] + bytes("[?62;4"))
        #expect(partial.kittyOK && !partial.sixel && !partial.complete)
        #expect(partial.cellPixels == Size(width: 10, height: 20))
        #expect(TerminalGraphicsReply(parsing: stream).complete)
    }

    @Test func kittyErrorIsNotOK() {
        let error = [ESC] + bytes("_Gi=31;ENOTSUPPORTED:unsupported format") + [ESC] + bytes("\\")
        let reply = TerminalGraphicsReply(parsing: error + da1Sixel)
        #expect(!reply.kittyOK && reply.complete)
        #expect(reply.preferred == .sixel)
        // An OK for another image id, or one without an id, is not the answer to the query.
        let otherID = [ESC] + bytes("_Gi=7;OK") + [ESC] + bytes("\\")
        let noID = [ESC] + bytes("_GOK") + [ESC] + bytes("\\")
        #expect(!TerminalGraphicsReply(parsing: otherID + noID + da1Plain).kittyOK)
    }
}
