import CDeflate
import Foundation
import ParleyCore
import PNGDecoder
import PNGReference
import TerminalGraphics
import Testing

/// Writes PNGs of every colour type, bit depth, filter and interlace method from known samples,
/// so `PNGDecoder` can be checked against libpng pixel for pixel.
struct PNGWriter {
    var width: Int, height: Int, colorType: Int, bitDepth: Int, interlaced: Bool
    /// Samples per pixel and channel, row-major, at the image's own bit depth.
    var samples: [Int]
    var palette: [UInt8] = []
    var transparency: [UInt8]?
    /// The filter types rows get, in turn (all five by default).
    var filters = [0, 1, 2, 3, 4]

    var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]! }

    func png() -> Data {
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(uint32(width)); header.append(uint32(height))
        header.append(contentsOf: [UInt8(bitDepth), UInt8(colorType), 0, 0, interlaced ? 1 : 0])
        chunk("IHDR", header, into: &out)
        // libpng's simplified API takes 16-bit samples without a colour chunk as linear light and
        // gamma-encodes them; the PNG spec (and browsers) assume sRGB, as PNGDecoder does. sRGB makes both agree.
        if bitDepth == 16 { chunk("sRGB", Data([0]), into: &out) }
        if !palette.isEmpty { chunk("PLTE", Data(palette), into: &out) }
        if let transparency { chunk("tRNS", Data(transparency), into: &out) }
        let raw = filteredRows()
        var compressed = [UInt8](repeating: 0, count: raw.count + 1024)
        let compressor = libdeflate_alloc_compressor(6)!
        let size = raw.withUnsafeBytes { input in
            compressed.withUnsafeMutableBytes { libdeflate_zlib_compress(compressor, input.baseAddress, input.count, $0.baseAddress, $0.count) }
        }
        libdeflate_free_compressor(compressor)
        // Split the data over several IDAT chunks, as encoders do.
        let body = compressed.prefix(size)
        stride(from: 0, to: body.count, by: 97).forEach { chunk("IDAT", Data(body[$0..<min(body.count, $0 + 97)]), into: &out) }
        chunk("IEND", Data(), into: &out)
        return out
    }

    /// Every pass's rows, each behind a filter byte; the filter type cycles through all five.
    private func filteredRows() -> [UInt8] {
        let passes: [(Int, Int, Int, Int)] = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)] : [(0, 0, 1, 1)]
        let bpp = max(1, channels * bitDepth / 8)
        var result: [UInt8] = []
        var row = 0
        for (x0, y0, dx, dy) in passes {
            let xs = Array(stride(from: x0, to: width, by: dx)), ys = Array(stride(from: y0, to: height, by: dy))
            guard !xs.isEmpty else { continue }
            var prior = [UInt8](repeating: 0, count: (xs.count * channels * bitDepth + 7) / 8)
            for y in ys {
                let filterType = filters[row % filters.count]
                row += 1
                let packed = pack(xs.flatMap { x in (0..<channels).map { samples[(y * width + x) * channels + $0] } })
                result.append(UInt8(filterType))
                for i in packed.indices {
                    let a = i >= bpp ? Int(packed[i - bpp]) : 0, b = Int(prior[i]), c = i >= bpp ? Int(prior[i - bpp]) : 0
                    let predictor: Int
                    switch filterType {
                    case 1: predictor = a
                    case 2: predictor = b
                    case 3: predictor = (a + b) / 2
                    case 4:
                        let pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c)
                        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                    default: predictor = 0
                    }
                    result.append(packed[i] &- UInt8(truncatingIfNeeded: predictor))
                }
                prior = packed
            }
        }
        return result
    }

    private func pack(_ values: [Int]) -> [UInt8] {
        switch bitDepth {
        case 16: return values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case 8: return values.map { UInt8($0) }
        default:
            var bytes = [UInt8](repeating: 0, count: (values.count * bitDepth + 7) / 8)
            for (i, value) in values.enumerated() {
                bytes[i * bitDepth / 8] |= UInt8(value << (8 - bitDepth - (i * bitDepth) % 8))
            }
            return bytes
        }
    }

    private func uint32(_ value: Int) -> Data { Data([24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) }) }

    private func chunk(_ type: String, _ data: Data, into out: inout Data) {
        out.append(uint32(data.count))
        let typed = Data(type.utf8) + data
        out.append(typed)
        out.append(uint32(Int(typed.withUnsafeBytes { libdeflate_crc32(0, $0.baseAddress, $0.count) })))
    }

    /// The RGBA pixels a correct decoder returns: samples scaled to 8 bits, palette looked up, tRNS applied.
    func expectedRGBA() -> [UInt8] {
        let maximum = (1 << bitDepth) - 1
        func eight(_ v: Int) -> UInt8 { UInt8((v * 255 + maximum / 2) / maximum) }
        let key = colorType == 3 ? nil : transparency.map { t in stride(from: 0, to: t.count, by: 2).map { Int(t[$0]) << 8 | Int(t[$0 + 1]) } }
        return (0..<width * height).flatMap { p -> [UInt8] in
            let s = Array(samples[p * channels..<(p + 1) * channels])
            switch colorType {
            case 3: return [palette[s[0] * 3], palette[s[0] * 3 + 1], palette[s[0] * 3 + 2], transparency.map { s[0] < $0.count ? $0[s[0]] : 255 } ?? 255]
            case 0: return [eight(s[0]), eight(s[0]), eight(s[0]), key == s ? 0 : 255]
            case 4: return [eight(s[0]), eight(s[0]), eight(s[0]), eight(s[1])]
            case 2: return s.map(eight) + [key == s ? 0 : 255]
            default: return s.map(eight)
            }
        }
    }

    /// A seeded random image of the given format, with a palette and tRNS where the format has them.
    static func random(width: Int, height: Int, colorType: Int, bitDepth: Int, interlaced: Bool, transparency: Bool,
                       using generator: inout SeededGenerator) -> PNGWriter {
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]!
        let maximum = colorType == 3 ? min(255, (1 << bitDepth) - 1) : (1 << bitDepth) - 1
        // Few distinct values, so tRNS keys actually occur in the image.
        let levels = (0..<4).map { _ in Int.random(in: 0...maximum, using: &generator) }
        var png = PNGWriter(width: width, height: height, colorType: colorType, bitDepth: bitDepth, interlaced: interlaced,
                            samples: (0..<width * height * channels).map { _ in
                                Bool.random(using: &generator) ? levels.randomElement(using: &generator)! : Int.random(in: 0...maximum, using: &generator)
                            })
        if colorType == 3 {
            png.palette = (0..<(maximum + 1) * 3).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Shorter than the palette: the remaining entries are opaque.
            if transparency { png.transparency = (0..<(maximum + 1) / 2).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        } else if transparency, colorType == 0 || colorType == 2 {
            let key = Array(png.samples.prefix(colorType == 0 ? 1 : 3))
            png.transparency = key.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
        return png
    }
}

@Suite struct PNGDifferentialTests {
    static let formats: [(colorType: Int, bitDepth: Int)] = [
        (0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16),
    ]

    /// Sizes chosen so Adam7 passes are empty, one pixel wide, or ragged at the edges.
    static let sizes = [(1, 1), (2, 3), (5, 1), (7, 9), (16, 8), (33, 17)]

    @Test(arguments: formats.indices)
    func decodesLikeLibPNG(_ formatIndex: Int) throws {
        let format = Self.formats[formatIndex]
        var generator = SeededGenerator(seed: UInt64(formatIndex + 1))
        for (width, height) in Self.sizes {
            for interlaced in [false, true] {
                for transparency in [false, true] {
                    let writer = PNGWriter.random(width: width, height: height, colorType: format.colorType, bitDepth: format.bitDepth,
                                                  interlaced: interlaced, transparency: transparency, using: &generator)
                    let data = writer.png()
                    let ours = try PNGDecoder.decode(data)
                    let what = "colour type \(format.colorType), \(format.bitDepth) bits, \(width)×\(height), interlaced \(interlaced), tRNS \(transparency)"
                    #expect(ours.pixels == writer.expectedRGBA(), "\(what)")
                    // libpng's simplified API repeats rows of interlaced 16-bit images (seen with libpng 1.6.39):
                    // there the written samples above are the only reference.
                    guard format.bitDepth < 16 || !interlaced else { continue }
                    let reference = try LibPNG.decode(data)
                    #expect(ours == reference, "libpng: \(what)")
                }
            }
        }
    }

    @Test func damagedFilesSayWhatIsWrong() throws {
        var generator = SeededGenerator(seed: 7)
        let good = PNGWriter.random(width: 20, height: 20, colorType: 2, bitDepth: 8, interlaced: false, transparency: false, using: &generator).png()
        func message(_ data: Data) -> String {
            do { _ = try PNGDecoder.decode(data, name: "shot.png"); return "" } catch { return "\(error)" }
        }
        #expect(message(good.prefix(good.count - 30)).hasPrefix("shot.png: damaged PNG: the file ends inside the IDAT chunk at byte"))
        #expect(message(Data("GIF89a".utf8)) == "shot.png: not a PNG file (the first 8 bytes are not the PNG signature)")
        var badFilter = PNGWriter.random(width: 4, height: 2, colorType: 0, bitDepth: 8, interlaced: false, transparency: false, using: &generator)
        badFilter.filters = [2, 7]
        #expect(message(badFilter.png()) == "shot.png: damaged PNG: unknown filter type 7 in row 2")
        var flipped = good
        flipped[flipped.count - 20] ^= 0xFF
        #expect(message(flipped).contains("CRC of the"))
        var header = good
        header[24] = 3 // bit depth 3
        #expect(message(header).contains("CRC of the IHDR chunk at byte 8 is wrong"))
        #expect(message(Self.repairingCRCs(header)).contains("colour type 2 with bit depth 3 does not exist"))
    }

    @Test func mutatedFilesNeverCrash() {
        // Seeded mutations of valid files of every format: each decodes or gives a message naming the file.
        var generator = SeededGenerator(seed: 2026)
        let long = ProcessInfo.processInfo.environment["PARLEY_LONG"] != nil
        for round in 0..<(long ? 20_000 : 600) {
            let format = Self.formats[round % Self.formats.count]
            var data = PNGWriter.random(width: Int.random(in: 1...24, using: &generator), height: Int.random(in: 1...24, using: &generator),
                                        colorType: format.colorType, bitDepth: format.bitDepth, interlaced: Bool.random(using: &generator),
                                        transparency: Bool.random(using: &generator), using: &generator).png()
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 8..<data.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: data[at] = UInt8.random(in: 0...255, using: &generator)
                case 1: data = data.prefix(at)
                default: data.insert(UInt8.random(in: 0...255, using: &generator), at: at)
                }
                if data.count <= 8 { break }
            }
            // Half the files get their CRCs repaired, so the damage reaches the image data and the filters.
            if Bool.random(using: &generator) { data = Self.repairingCRCs(data) }
            do { _ = try PNGDecoder.decode(data, name: "m\(round).png") } catch { #expect("\(error)".hasPrefix("m\(round).png: ")) }
        }
    }

    static func repairingCRCs(_ data: Data) -> Data {
        var bytes = [UInt8](data), offset = 8
        while offset + 12 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= bytes.count - offset - 12 else { break }
            let crc = bytes.withUnsafeBytes { libdeflate_crc32(0, $0.baseAddress! + offset + 4, 4 + length) }
            for k in 0..<4 { bytes[offset + 8 + length + k] = UInt8((crc >> (24 - 8 * UInt32(k))) & 0xFF) }
            offset += 12 + length
        }
        return Data(bytes)
    }
}
