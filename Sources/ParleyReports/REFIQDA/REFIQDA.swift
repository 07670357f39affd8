import Crypto
import Foundation
import ParleyCore
import ZIPFoundation

/// REFI-QDA (QDA-XML 1.0) export: a `.qdpx` project (zip of `project.qde`, `sources/<guid>.txt` and the
/// screenshots as `sources/<guid>.png`) and a `.qdc` codebook. Valid against Project-mrt2019.xsd / Codebook-mrt2019.xsd; see docs/refi-qda.md.
///
/// Deterministic: GUIDs are derived from ids, elements are written in store order, zip entries carry a
/// fixed date, so the same store gives byte-identical files.
public enum REFIQDA {
    /// One text source file of the project.
    public struct SourceFile: Sendable, Equatable {
        /// Path inside the zip: `sources/<guid>.txt`.
        public var path: String
        public var text: String
    }

    /// A picture source's file: the screenshot's bytes as they were on disk.
    public struct PictureFile: Sendable, Equatable {
        /// Path inside the zip: `sources/<guid>.<ext>`.
        public var path: String
        public var data: Data
    }

    /// The project: `project.qde`, its text source files and its pictures.
    public struct Project: Sendable {
        public var qde: String
        public var sources: [SourceFile]
        public var pictures: [PictureFile] = []
    }

    /// Choices for the `.qdpx` project.
    public struct Options: Sendable {
        /// Also code every comment with its speaker (a "Participants" code group), for programs that
        /// link cases to whole sources only and so ignore which comments a case refers to.
        public var speakersAsCodes: Bool
        /// A recording's media file as given (`--media`), by the recording's id; a recording not here links its label.
        public var media: [String: String]
        /// The folder relative media paths are taken from, written as the project's `basePath` (QualCoder cannot
        /// import a relative source without one): by default the folder the export runs in, as for eaf.
        public var mediaFolder: String

        public init(speakersAsCodes: Bool = false, media: [String: String] = [:],
                    mediaFolder: String = FileManager.default.currentDirectoryPath) {
            self.speakersAsCodes = speakersAsCodes; self.media = media; self.mediaFolder = mediaFolder
        }
    }

    /// A UUID-shaped GUID (version 5 style, RFC 4122 variant) derived from SHA-256 of a namespace and an id.
    public static func guid(_ kind: String, _ parts: String...) -> String {
        let key = "parley:refi-qda:" + kind + ":" + parts.joined(separator: "\u{1F}")
        var hex = Array(SHA256.hash(data: Data(key.utf8)).hex.prefix(32))
        hex[12] = "5"
        let variant = Int(String(hex[16]), radix: 16)! & 0x3 | 0x8
        hex[16] = Character(String(variant, radix: 16))
        let s = String(hex)
        func part(_ from: Int, _ to: Int) -> Substring {
            s[s.index(s.startIndex, offsetBy: from)..<s.index(s.startIndex, offsetBy: to)]
        }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// Escapes text for XML element content or attribute values; drops characters XML 1.0 forbids.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where attribute: out.append(contentsOf: "&quot;".unicodeScalars)
            case "\n" where attribute: out.append(contentsOf: "&#10;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            case "\t" where attribute: out.append(contentsOf: "&#9;".unicodeScalars)
            default:
                let v = scalar.value
                if v < 0x20 && v != 0x09 && v != 0x0A { continue }
                if v == 0xFFFE || v == 0xFFFF { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The fixed modification date of every zip entry (2000-01-01T00:00:00 local DOS time).
    static let zipDate = Date(timeIntervalSince1970: 946_684_800)

    /// A `.qdpx` archive (zip) of the project.
    public static func archive(_ project: Project) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        var entries: [(String, Data)] = [("project.qde", Data(project.qde.utf8))]
        for source in project.sources { entries.append((source.path, Data(source.text.utf8))) }
        for picture in project.pictures { entries.append((picture.path, picture.data)) }
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: zipDate,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw UserError("could not build the .qdpx archive in memory") }
        return data
    }

    /// The entries of a zip archive, path → bytes (for checking an exported `.qdpx`).
    public static func entries(of data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [String: Data] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
            result[entry.path] = bytes
        }
        return result
    }
}
