import Foundation
import Testing
import PostgresNIO
@testable import ParleyStore
import ParleyCore

@Suite struct PostgresDevProbe {
    @Test func sameAsSQLite() throws {
        guard let port = ProcessInfo.processInfo.environment["PARLEY_DEV_PG_PORT"].flatMap(Int.init) else { return }
        let folder = TempFolder()
        let paths = try Fixture.writeAll(in: folder)
        let sqlite = try folder.store()
        _ = try sqlite.merge(paths: paths)
        let db = "t\(UInt32.random(in: 0 ... .max))"
        let admin = try Store.adminForProbe(port: port)
        try admin(db)
        let pg = try Store(postgres: .init(host: "127.0.0.1", port: port, username: "postgres", password: nil, database: db, tls: .disable),
                           name: "pg")
        let outcome = try pg.merge(paths: paths)
        print(outcome.summary)
        let a = try Fixture.everything(sqlite), b = try Fixture.everything(pg)
        try a.write(toFile: "/tmp/everything-sqlite.txt", atomically: true, encoding: .utf8)
        try b.write(toFile: "/tmp/everything-pg.txt", atomically: true, encoding: .utf8)
        #expect(a == b)
    }
}

extension Store {
    static func adminForProbe(port: Int) throws -> (String) throws -> Void {
        { name in
            let task = Process()
            task.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            task.arguments = ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-q", "-c", "CREATE DATABASE \(name)"]
            try task.run(); task.waitUntilExit()
        }
    }
}
