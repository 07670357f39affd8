import Foundation

/// kitty graphics protocol (https://sw.kovidgoyal.net/kitty/graphics-protocol/): APC sequences `ESC _ G <keys> ; <payload> ESC \`.
public enum KittyGraphics {
    /// Base64 characters per chunk: the protocol's limit, and a multiple of 4 so every chunk but the last is padding-free.
    static let chunkSize = 4096

    /// Transmits a PNG file's bytes once under image id `id` (a=t, f=100, t=d, q=2 so the terminal sends no replies),
    /// base64 in chunks of at most 4096 payload bytes each, m=1 on all but the last chunk (m=0). Keys only on the first chunk except m.
    ///
    /// Continuation chunks carry `q=2` next to `m`, which the protocol allows ("only the m and optionally q keys"):
    /// kitty before 0.20 (kovidgoyal/kitty#3375) and iTerm2 take the quiet flag from the chunk that completes the
    /// image, and any reply they send would arrive on stdin as keystrokes.
    public static func transmit(id: UInt32, png: [UInt8]) -> [UInt8] {
        let encoded = [UInt8](Data(png).base64EncodedData())
        var out = [UInt8]()
        out.reserveCapacity(encoded.count + (encoded.count / chunkSize + 1) * 16 + 32)
        var start = 0
        repeat {
            let end = min(start + chunkSize, encoded.count)
            let more = end < encoded.count ? "1" : "0"
            let keys = start == 0 ? "a=t,f=100,t=d,i=\(id),q=2,m=\(more)" : "m=\(more),q=2"
            out.append(contentsOf: [escape, UInt8(ascii: "_"), UInt8(ascii: "G")])
            out.append(contentsOf: keys.utf8)
            out.append(UInt8(ascii: ";"))
            out.append(contentsOf: encoded[start..<end])
            out.append(contentsOf: stringTerminator)
            start = end
        } while start < encoded.count
        return out
    }

    /// Shows image `id` at the cursor, scaled into `columns`×`rows` cells, without moving the cursor (a=p, i, p=1 placement id, c, r, C=1, q=2).
    /// Placing again with the same id replaces the earlier placement. Returns no bytes for an empty area (c=0 or r=0
    /// would mean "the image's own size" to the terminal).
    public static func place(id: UInt32, columns: Int, rows: Int) -> [UInt8] {
        guard columns > 0, rows > 0 else { return [] }
        return command("a=p,i=\(id),p=1,c=\(columns),r=\(rows),C=1,q=2")
    }

    /// Removes the placements of image `id` but keeps its data for later (a=d, d=i, i, q=2).
    public static func remove(id: UInt32) -> [UInt8] { command("a=d,d=i,i=\(id),q=2") }

    /// Removes every placement and frees all image data (a=d, d=A, q=2): on exit.
    public static func removeAll() -> [UInt8] { command("a=d,d=A,q=2") }

    /// The query sent at start-up to learn whether the terminal speaks the protocol: `ESC _ G i=31,s=1,v=1,a=q,t=d,f=24 ; AAAA ESC \`
    /// (a one-pixel RGB image that is checked but not stored; the terminal answers `ESC _ G i=31 ; OK ESC \`).
    public static let query: [UInt8] = command("i=\(queryID),s=1,v=1,a=q,t=d,f=24", payload: "AAAA")

    static let queryID = 31

    static func command(_ keys: String, payload: String = "") -> [UInt8] {
        var out: [UInt8] = [escape, UInt8(ascii: "_"), UInt8(ascii: "G")]
        out.append(contentsOf: keys.utf8)
        if !payload.isEmpty {
            out.append(UInt8(ascii: ";"))
            out.append(contentsOf: payload.utf8)
        }
        out.append(contentsOf: stringTerminator)
        return out
    }
}
