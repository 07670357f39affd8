// PNGDecoder: PNG files to RGBAImage (chunks, filters and formats in Swift; inflate by libdeflate).

import CDeflate
import Foundation
import TerminalGraphics

public struct PNGError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// Decodes PNG files into RGBA, whatever their colour type (grey, palette, alpha, 16-bit,
/// low bit depths, interlaced). Hostile files give a `PNGError`, never a crash.
///
/// Chunks, filters and pixel formats are handled here; the compressed data is inflated by
/// libdeflate in one call. libpng's inflate (zlib, row by row) alone took 37 ms of the 30 ms
/// budget for a phone screenshot, libdeflate 2.7 ms. libpng stays as the reference the tests
/// compare every decode against (`LibPNG`, in PNGReference).
public enum PNGDecoder {
    /// Larger images are refused before any pixel memory is allocated (a 100000×100000 header is cheap to forge).
    public static let maximumPixels = 40_000_000

    /// Why the file at `path` cannot be shown, or nil if it decodes (for `parley check`).
    public static func problem(at path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return "cannot read it" }
        do { _ = try decode(data, name: ""); return nil } catch { return "\(error)" }
    }

    public static func decode(path: String) throws -> RGBAImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PNGError(description: "cannot read \(path)")
        }
        return try decode(data, name: path)
    }

    public static func decode(_ data: Data, name: String = "image") throws -> RGBAImage {
        try data.withUnsafeBytes { raw in
            do {
                let file = try PNGFile(raw.bindMemory(to: UInt8.self))
                var rows = try file.inflate()
                return try PNGPixels(header: file.header, palette: file.palette, transparency: file.transparency).decode(&rows)
            } catch let problem as Problem {
                throw PNGError(description: name.isEmpty ? problem.text : "\(name): \(problem.text)")
            }
        }
    }

    /// What is wrong with a file, before the file's name is put in front.
    struct Problem: Error { var text: String }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
}

/// IHDR: the image's size and pixel format.
struct PNGHeader {
    var width: Int, height: Int, bitDepth: Int, colorType: Int, interlaced: Bool

    var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType] ?? 0 }
    /// Bytes of one filtered row of `pixels` pixels, without the filter byte.
    func rowBytes(_ pixels: Int) -> Int { (pixels * channels * bitDepth + 7) / 8 }
    /// The filter's "corresponding byte to the left" distance.
    var bytesPerPixel: Int { max(1, channels * bitDepth / 8) }

    /// The seven Adam7 passes (x start, y start, x step, y step), or the whole image as one pass.
    var passes: [(x: Int, y: Int, dx: Int, dy: Int)] {
        interlaced ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
                   : [(0, 0, 1, 1)]
    }

    func passSize(_ pass: (x: Int, y: Int, dx: Int, dy: Int)) -> (width: Int, height: Int) {
        (max(0, (width - pass.x + pass.dx - 1) / pass.dx), max(0, (height - pass.y + pass.dy - 1) / pass.dy))
    }

    /// Size of the decompressed image data: every pass's rows, each with its filter byte.
    var filteredSize: Int {
        passes.reduce(0) { total, pass in
            let size = passSize(pass)
            return size.width == 0 ? total : total + size.height * (1 + rowBytes(size.width))
        }
    }

    static let allowedDepths: [Int: Set<Int>] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
}

/// The chunks of a PNG file, checked (CRC, order, sizes) and collected.
struct PNGFile {
    var header: PNGHeader
    var palette: [UInt8] = []
    /// tRNS as stored: alpha per palette entry, or the transparent grey / RGB sample values.
    var transparency: [UInt8]?
    var compressed: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard bytes.count >= 8, Array(bytes[0..<8]) == PNGDecoder.signature else {
            throw PNGDecoder.Problem(text: "not a PNG file (the first 8 bytes are not the PNG signature)")
        }
        var offset = 8
        var header: PNGHeader?
        var sawData = false
        chunks: while true {
            guard offset + 8 <= bytes.count else {
                if sawData { break } // No IEND: the image data is complete if it inflates.
                throw PNGDecoder.Problem(text: "damaged PNG: the file ends at byte \(bytes.count) before any image data")
            }
            let length = Int(Self.uint32(bytes, offset))
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            guard length <= Int(Int32.max), offset + 12 + length <= bytes.count else {
                throw PNGDecoder.Problem(text: "damaged PNG: the file ends inside the \(type) chunk at byte \(offset); expected \(length) bytes of data and a CRC")
            }
            let data = UnsafeBufferPointer(rebasing: bytes[offset + 8..<offset + 8 + length])
            let crc = libdeflate_crc32(0, UnsafeRawPointer(bytes.baseAddress! + offset + 4), 4 + length)
            guard crc == Self.uint32(bytes, offset + 8 + length) else {
                throw PNGDecoder.Problem(text: "damaged PNG: the CRC of the \(type) chunk at byte \(offset) is wrong")
            }
            if header == nil, type != "IHDR" {
                throw PNGDecoder.Problem(text: "damaged PNG: the first chunk is \(type); expected IHDR")
            }
            switch type {
            case "IHDR":
                header = try Self.header(data)
            case "PLTE":
                guard length % 3 == 0, length / 3 <= 256, length > 0 else {
                    throw PNGDecoder.Problem(text: "damaged PNG: the palette has \(length) bytes; expected 3 per colour, at most 256 colours")
                }
                palette = Array(data)
            case "tRNS":
                transparency = Array(data)
            case "IDAT":
                compressed.append(contentsOf: data)
                sawData = true
            case "IEND":
                break chunks
            default:
                break // Ancillary chunks (text, colour profiles, times) do not change the pixels we show.
            }
            offset += 12 + length
        }
        guard let header else { throw PNGDecoder.Problem(text: "damaged PNG: no IHDR chunk") }
        guard sawData else { throw PNGDecoder.Problem(text: "damaged PNG: no image data (IDAT chunk)") }
        if header.colorType == 3, palette.isEmpty {
            throw PNGDecoder.Problem(text: "damaged PNG: a palette image without a PLTE chunk")
        }
        self.header = header
    }

    static func header(_ data: UnsafeBufferPointer<UInt8>) throws -> PNGHeader {
        guard data.count == 13 else { throw PNGDecoder.Problem(text: "damaged PNG: IHDR has \(data.count) bytes; expected 13") }
        let header = PNGHeader(width: Int(uint32(data, 0)), height: Int(uint32(data, 4)), bitDepth: Int(data[8]),
                               colorType: Int(data[9]), interlaced: data[12] == 1)
        guard let depths = PNGHeader.allowedDepths[header.colorType], depths.contains(header.bitDepth) else {
            throw PNGDecoder.Problem(text: "damaged PNG: colour type \(header.colorType) with bit depth \(header.bitDepth) does not exist")
        }
        guard data[10] == 0, data[11] == 0, data[12] <= 1 else {
            throw PNGDecoder.Problem(text: "damaged PNG: unknown compression, filter or interlace method")
        }
        let (pixels, overflow) = header.width.multipliedReportingOverflow(by: header.height)
        guard header.width > 0, header.height > 0, !overflow, pixels <= PNGDecoder.maximumPixels else {
            throw PNGDecoder.Problem(text: "image is \(header.width)×\(header.height) pixels; at most \(PNGDecoder.maximumPixels / 1_000_000) megapixels are shown")
        }
        return header
    }

    static func uint32(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    /// The filtered rows, inflated in one call: PNG's header says exactly how many bytes they are.
    func inflate() throws -> [UInt8] {
        let expected = header.filteredSize
        guard let decompressor = libdeflate_alloc_decompressor() else { throw PNGDecoder.Problem(text: "out of memory") }
        defer { libdeflate_free_decompressor(decompressor) }
        var actual = 0
        var result = LIBDEFLATE_SUCCESS
        let output = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            result = compressed.withUnsafeBytes { input in
                libdeflate_zlib_decompress(decompressor, input.baseAddress, input.count, buffer.baseAddress, expected, &actual)
            }
            initialized = result == LIBDEFLATE_SUCCESS ? actual : 0
        }
        switch result {
        case LIBDEFLATE_SUCCESS where actual == expected: return output
        case LIBDEFLATE_SUCCESS: throw PNGDecoder.Problem(text: "damaged PNG: the image data ends early (\(actual) of \(expected) bytes)")
        case LIBDEFLATE_INSUFFICIENT_SPACE: throw PNGDecoder.Problem(text: "damaged PNG: more image data than the header's \(header.width)×\(header.height) pixels")
        default: throw PNGDecoder.Problem(text: "damaged PNG: the compressed image data is corrupt")
        }
    }
}
