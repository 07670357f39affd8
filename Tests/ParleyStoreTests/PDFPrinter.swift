import Foundation

/// Prints HTML to PDF with headless Chromium and reads the PDF's text back with pdftotext, both as
/// `make deps` installs them (Debian `chromium`, `poppler-utils`). Nothing is installed here.
enum PDFPrinter {
    struct Failed: Error, CustomStringConvertible { var description: String }

    struct Printed {
        /// Each page's text, in the order it is drawn (`pdftotext -raw`; text printed on end comes last on its page).
        var pages: [String]
    }

    /// Whether Chromium really prints here: a tiny page is printed and read back.
    static let works: Bool = {
        let folder = TempFolder()
        return (try? print("<!DOCTYPE html><p>printable</p>", in: folder))?.pages.joined().contains("printable") ?? false
    }()

    static func print(_ html: String, in folder: TempFolder) throws -> Printed {
        let page = folder.write(html, to: "page.html"), pdf = folder.file("page.pdf")
        try run(["timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                 "--user-data-dir=" + folder.file("chromium-profile"), "--print-to-pdf=" + pdf, URL(fileURLWithPath: page).absoluteString])
        let text = try run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"])
        // pdftotext ends every page with a form feed.
        return Printed(pages: text.components(separatedBy: "\u{0C}").dropLast())
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "\(arguments[0] == "timeout" ? arguments[2] : arguments[0]) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
