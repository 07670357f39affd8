import Foundation
import NIOSSL
import ParleyCore
@testable import ParleyStore
import PostgresNIO
import Testing

/// Store locations read the way libpq reads them: URL forms, the PG* variables, ~/.pgpass, sslmode.
@Suite struct PostgresLocationTests {
    let home = TempFolder()

    /// An environment with only `variables`, user alice, and the temporary folder as home (so the
    /// tester's own ~/.pgpass and ~/.postgresql are never read).
    func environment(_ variables: [String: String] = [:]) -> StoreEnvironment {
        StoreEnvironment(variables: variables, loginName: "alice", homeDirectory: home.path)
    }

    func resolve(_ url: String, _ variables: [String: String] = [:]) throws -> PostgresLocation {
        try PostgresLocation(resolving: url, environment: environment(variables), warn: { Issue.record("unexpected warning: \($0)") })
    }

    /// The message `url` is refused with.
    func refusal(_ url: String, _ variables: [String: String] = [:]) -> String {
        do {
            let location = try resolve(url, variables)
            Issue.record("\(url) was accepted as \(location)")
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// A private file in the home folder.
    func privateFile(_ text: String, named name: String, mode: mode_t = 0o600) -> String {
        let path = home.write(text, to: name)
        chmod(path, mode)
        return path
    }

    // MARK: URL forms

    @Test func anEmptyURLTakesLibpqsDefaults() throws {
        let location = try resolve("postgresql://")
        #expect(location.host == "localhost" && location.port == 5432)
        #expect(location.user == "alice" && location.database == "alice", "the user is the login name, the database the user")
        #expect(location.password == nil && location.passwordSource == nil)
        #expect(location.sslMode == .prefer && location.tls == .preferred(.none))
        #expect(location.applicationName == "parley" && location.connectTimeout == 10)
        #expect(location.socketPath == nil)
    }

    @Test func everyPartOfTheURLIsRead() throws {
        let location = try resolve("postgres://bob@db.example.org:6543/study?application_name=site-b&connect_timeout=30&sslmode=require")
        #expect(location.host == "db.example.org" && location.port == 6543)
        #expect(location.user == "bob" && location.database == "study")
        #expect(location.applicationName == "site-b" && location.connectTimeout == 30)
        #expect(location.sslMode == .require && location.tls == .required(.none))
    }

    @Test func passwordsAndNamesArePercentDecoded() throws {
        let location = try resolve("postgresql://b%C3%B8b:s%40cr%3At@host/%C5%82%C3%B3d%C5%BA")
        #expect(location.user == "bøb" && location.database == "łódź")
        #expect(location.password == "s@cr:t" && location.passwordSource == "the URL")
    }

    @Test func thePasswordRunsToTheAtSignAsInLibpq() throws {
        // libpq: the user ends at the first ":", the password at the "@" (a "?" or ":" belongs to it).
        let location = try resolve("postgresql://u:pa?ss:x@host/db")
        #expect(location.user == "u" && location.password == "pa?ss:x" && location.host == "host" && location.database == "db")
    }

    @Test func ipv6HostsAreBracketed() throws {
        let loopback = try resolve("postgresql://[::1]:5433/db")
        #expect(loopback.host == "::1" && loopback.port == 5433)
        let documentation = try resolve("postgresql://[2001:db8::1234]/db")
        #expect(documentation.host == "2001:db8::1234" && documentation.port == 5432)
    }

    @Test func aSocketFolderIsAHostParameterOrAnEncodedHost() throws {
        let parameter = try resolve("postgresql:///study?host=/var/run/postgresql&sslmode=require")
        #expect(parameter.host == "/var/run/postgresql" && parameter.database == "study")
        #expect(parameter.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
        #expect(parameter.tls == .off, "libpq never uses TLS over a Unix socket")
        let encoded = try resolve("postgresql://%2Fvar%2Flib%2Fpostgresql:5999/dbname")
        #expect(encoded.socketPath == "/var/lib/postgresql/.s.PGSQL.5999")
    }

    @Test func queryParametersOverrideTheURLsParts() throws {
        let location = try resolve("postgresql://a@h:1111/db?user=b&port=7000&dbname=other&host=elsewhere")
        #expect(location.user == "b" && location.port == 7000 && location.database == "other" && location.host == "elsewhere")
    }

    @Test func aOneSecondTimeoutIsLibpqsTwo() throws {
        #expect(try resolve("postgresql://h?connect_timeout=1").connectTimeout == 2)
    }

    // MARK: errors

    @Test func anUnknownParameterIsNamedWithTheKnownOnes() {
        let message = refusal("postgresql://h/db?sslmod=require")
        #expect(message.hasPrefix("PostgreSQL store location: unknown parameter \"sslmod\" (did you mean \"sslmode\"?)"))
        #expect(message.hasSuffix("the known ones are host, port, user, password, dbname, sslmode, sslrootcert, passfile, application_name, connect_timeout"))
    }

    @Test func aBadSSLModeListsTheModesAndSaysWhereItCameFrom() {
        #expect(refusal("postgresql://h?sslmode=requir")
            == "PostgreSQL store location: sslmode \"requir\" (from the URL) is not one of disable, allow, prefer, require, verify-ca, verify-full (did you mean \"require\"?)")
        #expect(refusal("postgresql://h", ["PGSSLMODE": "strict"]).contains("sslmode \"strict\" (from PGSSLMODE) is not one of"))
    }

    @Test func malformedURLsAreRefusedWithWhatIsWrong() {
        #expect(refusal("postgresql://h:abc/db").hasSuffix("port \"abc\" (from the URL) is not a number from 1 to 65535"))
        #expect(refusal("postgresql://h:70000/db").contains("port \"70000\""))
        #expect(refusal("postgresql://h", ["PGPORT": "0"]).contains("port \"0\" (from PGPORT)"))
        #expect(refusal("postgresql://[::1/db").hasSuffix("the IPv6 host address has no closing \"]\""))
        #expect(refusal("postgresql://[]/db").hasSuffix("the IPv6 host address between \"[\" and \"]\" is empty"))
        #expect(refusal("postgresql://[::1]x/db").contains("unexpected \"x\" after the IPv6 host address"))
        #expect(refusal("postgresql://h1:5432,h2:5432/db").hasSuffix("several hosts in one location are not supported: give one host"))
        #expect(refusal("postgresql://h/d%zzb").hasSuffix("the dbname has a \"%\" not followed by two hex digits"))
        #expect(refusal("postgresql://h/d%00b").hasSuffix("the dbname holds %00, which is not allowed"))
        #expect(refusal("postgresql://h/%FF").hasSuffix("the dbname's percent-encoded bytes are not UTF-8"))
        #expect(refusal("postgresql://h/db?sslmode").hasSuffix("parameter \"sslmode\" has no \"=value\""))
        #expect(refusal("postgresql://h/db?sslmode=a=b").hasSuffix("parameter \"sslmode\" has a second \"=\""))
        #expect(refusal("postgresql://h?connect_timeout=0").contains("connect_timeout \"0\" (from the URL) is not a number of seconds above 0"))
        #expect(refusal("postgresql://h", ["PGCONNECT_TIMEOUT": "soon"]).contains("(from PGCONNECT_TIMEOUT)"))
    }

    @Test func noErrorRepeatsThePassword() {
        for url in ["postgresql://u:topsecret@h:abc/db", "postgresql://u:topsecret@h/db?bogus=1", "postgresql://u:topsecret@h/db?sslmode=x",
                    "postgresql://u:topsecret@h1,h2/db", "postgresql://u:topsecret@[::1/db"] {
            let message = refusal(url)
            #expect(!message.isEmpty && !message.contains("topsecret"), "\(message)")
        }
    }

    @Test func withoutAnyUserNameTheLocationSaysWhereToGiveOne() {
        let nobody = StoreEnvironment(variables: [:], loginName: "", homeDirectory: home.path)
        #expect(throws: UserError.self) { try PostgresLocation(resolving: "postgresql://h/db", environment: nobody, warn: { _ in }) }
        #expect((try? PostgresLocation(resolving: "postgresql://carol@h/db", environment: nobody, warn: { _ in }))?.user == "carol")
    }

    // MARK: the environment

    @Test func theEnvironmentFillsWhatTheURLLeavesOut() throws {
        let variables = ["PGHOST": "pg.uni.example", "PGPORT": "5444", "PGUSER": "dora", "PGAPPNAME": "night-merge", "PGCONNECT_TIMEOUT": "5"]
        let location = try resolve("postgresql://", variables)
        #expect(location.host == "pg.uni.example" && location.port == 5444 && location.user == "dora")
        #expect(location.database == "dora", "the database defaults to the user in effect")
        #expect(location.applicationName == "night-merge" && location.connectTimeout == 5)
        #expect(try resolve("postgresql://", variables.merging(["PGDATABASE": "study"]) { $1 }).database == "study")
    }

    @Test func theURLWinsOverTheEnvironment() throws {
        let variables = ["PGHOST": "env-host", "PGPORT": "5444", "PGUSER": "env-user", "PGDATABASE": "env-db", "PGPASSWORD": "env-pw", "PGSSLMODE": "disable"]
        let location = try resolve("postgresql://bob:url-pw@url-host:6000/url-db?sslmode=require", variables)
        #expect(location.host == "url-host" && location.port == 6000 && location.user == "bob" && location.database == "url-db")
        #expect(location.password == "url-pw" && location.passwordSource == "the URL" && location.sslMode == .require)
    }

    @Test func emptyVariablesCountAsUnset() throws {
        let location = try resolve("postgresql://", ["PGHOST": "", "PGUSER": "", "PGSSLMODE": ""])
        #expect(location.host == "localhost" && location.user == "alice" && location.sslMode == .prefer)
    }

    @Test func pgpasswordComesBeforeThePasswordFile() throws {
        _ = privateFile("*:*:*:*:from-file\n", named: ".pgpass")
        let location = try resolve("postgresql://h/db", ["PGPASSWORD": "from-env"])
        #expect(location.password == "from-env" && location.passwordSource == "PGPASSWORD")
        #expect(try resolve("postgresql://h/db").password == "from-file")
    }

    // MARK: the password file

    static let passFile = """
        # comment: *:*:*:*:never
        db.example.org:5432:study:alice:first
        db.example.org:5432:study:alice:second
        *:5432:study:bob:any-host
        db.example.org:*:*:carol:any-port-any-db
        we\\:ird:5432:d\\\\b:dan:pa\\:ss\\\\word
        localhost:5432:*:erin:local
        /tmp/sockets:5432:*:fred:socket
        short:5432:study
        *:*:*:*\r
        """

    func password(host: String = "db.example.org", port: Int = 5432, database: String = "study", user: String) -> String? {
        PostgresPassFile.password(in: Self.passFile, for: .init(host: host, port: port, database: database, user: user))
    }

    @Test func theFirstMatchingLineWins() {
        #expect(password(user: "alice") == "first")
    }

    @Test func starMatchesAnyValueOfItsField() {
        #expect(password(host: "anywhere.example", user: "bob") == "any-host")
        #expect(password(port: 6543, database: "other", user: "carol") == "any-port-any-db")
        #expect(password(port: 6543, user: "bob") == nil, "the port must still match")
    }

    @Test func escapedColonsAndBackslashesAreLiteral() {
        #expect(password(host: "we:ird", database: "d\\b", user: "dan") == "pa:ss\\word")
        #expect(password(host: "we\\:ird", database: "d\\b", user: "dan") == nil)
    }

    @Test func commentsAndShortLinesNeverMatch() {
        #expect(password(user: "never") == nil, "the comment's fields are not read")
        #expect(password(host: "short", user: "x") == nil)
    }

    @Test func aLineWithAnEmptyPasswordGivesAnEmptyOne() {
        // The line `*:*:*:*` has only four fields (its CR stripped): it is not a match.
        #expect(password(host: "x", user: "nobody") == nil)
        #expect(PostgresPassFile.password(in: "*:*:*:*:\n", for: .init(host: "h", port: 1, database: "d", user: "u")) == "")
    }

    @Test func socketsMatchTheirFolderAndTheDefaultFolderMatchesLocalhost() {
        #expect(password(host: "/tmp/sockets", user: "fred") == "socket")
        #expect(password(host: "/var/run/postgresql", database: "x", user: "erin") == "local")
        #expect(password(host: "", database: "x", user: "erin") == "local")
    }

    @Test func aPrivatePasswordFileIsRead() throws {
        _ = privateFile("h:5432:db:alice:s3cret\n", named: ".pgpass")
        let location = try resolve("postgresql://h/db")
        #expect(location.password == "s3cret" && location.passwordSource == home.file(".pgpass"))
        #expect(try resolve("postgresql://h/other").password == nil)
    }

    @Test func aPasswordFileOthersMayReadIsIgnoredWithAWarning() throws {
        let path = privateFile("*:*:*:*:s3cret\n", named: ".pgpass", mode: 0o644)
        for mode: mode_t in [0o644, 0o640, 0o604, 0o610] {
            chmod(path, mode)
            var warnings: [String] = []
            let location = try PostgresLocation(resolving: "postgresql://h/db", environment: environment(), warn: { warnings.append($0) })
            #expect(location.password == nil)
            #expect(warnings == ["password file \(path) has group or world access (mode \(String(mode, radix: 8))): "
                + "ignored, as libpq ignores it; make it private with chmod 0600 \(path)"])
        }
    }

    @Test func aPasswordFileThatIsNotAFileIsIgnoredWithAWarning() throws {
        let folder = home.file("pgpass-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        var warnings: [String] = []
        let location = try PostgresLocation(resolving: "postgresql://h/db", environment: environment(["PGPASSFILE": folder]), warn: { warnings.append($0) })
        #expect(location.password == nil && warnings == ["password file \(folder) is not a plain file: ignored"])
    }

    @Test func aMissingPasswordFileIsPassedOverInSilence() throws {
        #expect(try resolve("postgresql://h/db", ["PGPASSFILE": home.file("none")]).password == nil)
    }

    @Test func pgpassfileAndThePassfileParameterNameAnotherFile() throws {
        let other = privateFile("*:*:*:*:from-other\n", named: "team.pgpass")
        _ = privateFile("*:*:*:*:from-home\n", named: ".pgpass")
        #expect(try resolve("postgresql://h/db", ["PGPASSFILE": other]).password == "from-other")
        #expect(try resolve("postgresql://h/db?passfile=" + other).password == "from-other")
        #expect(try resolve("postgresql://h/db").password == "from-home")
    }

    @Test func thePasswordFileIsMatchedWithTheCompletedLocation() throws {
        _ = privateFile("pg.uni.example:5444:dora:dora:dora-pw\n", named: ".pgpass")
        let location = try resolve("postgresql://", ["PGHOST": "pg.uni.example", "PGPORT": "5444", "PGUSER": "dora"])
        #expect(location.password == "dora-pw")
    }

    // MARK: sslmode

    func tls(_ query: String, _ variables: [String: String] = [:]) throws -> PostgresTLSPolicy {
        try resolve("postgresql://db.example.org/study?" + query, variables).tls
    }

    @Test func withoutRootCertificatesTheModesEncryptWithoutChecking() throws {
        #expect(try tls("sslmode=disable") == .off)
        #expect(try tls("sslmode=allow") == .preferred(.none))
        #expect(try tls("sslmode=prefer") == .preferred(.none))
        #expect(try tls("sslmode=require") == .required(.none))
    }

    @Test func aRootCertificateFileInTheHomeFolderMakesEveryModeCheckTheChain() throws {
        try FileManager.default.createDirectory(atPath: home.file(".postgresql"), withIntermediateDirectories: false)
        let root = home.write("PEM", to: ".postgresql/root.crt")
        #expect(try tls("sslmode=prefer") == .preferred(.chain(.file(root))))
        #expect(try tls("sslmode=require") == .required(.chain(.file(root))))
        #expect(try tls("sslmode=verify-ca") == .required(.chain(.file(root))))
        #expect(try tls("sslmode=verify-full") == .required(.chainAndHostname(.file(root))))
        #expect(try tls("sslmode=disable") == .off)
    }

    @Test func sslrootcertNamesTheRoots() throws {
        let root = home.write("PEM", to: "campus-ca.pem")
        #expect(try tls("sslmode=verify-ca&sslrootcert=" + root) == .required(.chain(.file(root))))
        #expect(try tls("sslmode=verify-full", ["PGSSLROOTCERT": root]) == .required(.chainAndHostname(.file(root))))
    }

    @Test func sslrootcertSystemMeansVerifyFull() throws {
        let location = try resolve("postgresql://h/db?sslrootcert=system")
        #expect(location.sslMode == .verifyFull && location.tls == .required(.chainAndHostname(.system)))
        #expect(refusal("postgresql://h/db?sslrootcert=system&sslmode=require")
            .hasSuffix("sslmode require cannot be used with sslrootcert=system: use sslmode=verify-full"))
    }

    @Test func verifyingWithoutRootsSaysWhereToPutThem() {
        let message = refusal("postgresql://h/db", ["PGSSLMODE": "verify-full"])
        #expect(message.contains("sslmode verify-full checks the server's certificate, but there is no root certificate to check it with"))
        #expect(message.contains(home.file(".postgresql/root.crt")) && message.contains("sslrootcert=system") && message.contains("sslmode=require"))
    }

    @Test func aMissingRootCertificateFileIsAnErrorUnlessTLSIsOff() throws {
        let missing = home.file("gone.pem")
        #expect(refusal("postgresql://h/db?sslmode=require&sslrootcert=" + missing).hasSuffix("root certificate file \(missing) (sslrootcert) does not exist"))
        #expect(try tls("sslmode=disable&sslrootcert=" + missing) == .off)
    }

    // MARK: redaction

    @Test func printingALocationNeverShowsThePassword() throws {
        let location = try resolve("postgresql://bob:hunter2@db.example.org:6543/study?sslmode=require&connect_timeout=3")
        var dumped = ""
        dump(location, to: &dumped)
        for shown in [location.redacted, "\(location)", String(reflecting: location), dumped, StoreLocation.postgres(location).redacted] {
            #expect(!shown.contains("hunter2"), "\(shown)")
        }
        #expect(location.redacted == "postgresql://bob@db.example.org:6543/study?sslmode=require")
    }

    @Test(arguments: [
        "postgresql://bob@db.example.org:6543/study",
        "postgresql://b%C3%B8b%40x@[::1]:5433/%C5%82%C3%B3d%C5%BA%20study?sslmode=disable",
        "postgresql://bob@:5999/study?host=/var/run/postgresql",
        "postgresql://bob@10.0.0.7/study?sslmode=require",
    ])
    func theRedactedFormNamesTheSameDatabase(url: String) throws {
        let location = try resolve(url)
        let again = try resolve(location.redacted)
        #expect(again == location, "\(location.redacted)")
    }

    // MARK: choosing the store

    func store(_ option: String?, _ variables: [String: String] = [:]) throws -> StoreLocation {
        try StoreLocation(option: option, environment: environment(variables), warn: { Issue.record("unexpected warning: \($0)") })
    }

    @Test func theStoreIsTheOptionThenParleyStoreThenTheDefaultFile() throws {
        #expect(try store(nil) == .sqlite(path: "parley.sqlite"))
        #expect(try store(nil, ["PARLEY_STORE": "team.sqlite"]) == .sqlite(path: "team.sqlite"))
        #expect(try store("mine.sqlite", ["PARLEY_STORE": "postgresql://h/db"]) == .sqlite(path: "mine.sqlite"))
        #expect(try store(nil, ["PARLEY_STORE": ""]) == .sqlite(path: "parley.sqlite"))
    }

    @Test func postgresURLsArePostgresStoresAndEverythingElseIsAFile() throws {
        #expect(try store("postgresql://bob@h/study") == .postgres(try resolve("postgresql://bob@h/study")))
        #expect(try store(nil, ["PARLEY_STORE": "postgres://bob@h/study"]) == .postgres(try resolve("postgres://bob@h/study")))
        #expect(try store("postgresql.sqlite") == .sqlite(path: "postgresql.sqlite"))
        #expect(try store("./postgres://odd") == .sqlite(path: "./postgres://odd"))
        #expect(try store("postgresql://bob:pw@h/study").redacted == "postgresql://bob@h:5432/study")
        #expect(try store("data/parley.sqlite").redacted == "data/parley.sqlite")
    }

    @Test func aBadURLInParleyStoreIsAnError() {
        #expect(throws: UserError.self) { try store(nil, ["PARLEY_STORE": "postgresql://h/db?nope=1"]) }
    }

    // MARK: postgres-nio's configuration

    @Test func aTCPLocationBecomesATCPConfiguration() throws {
        let configuration = try resolve("postgresql://bob:pw@db.example.org:6543/study?sslmode=require&application_name=site-b&connect_timeout=7")
            .connectionConfiguration()
        #expect(configuration.host == "db.example.org" && configuration.port == 6543 && configuration.unixSocketPath == nil)
        #expect(configuration.username == "bob" && configuration.password == "pw" && configuration.database == "study")
        #expect(configuration.tls.isAllowed && configuration.tls.isEnforced)
        #expect(configuration.options.connectTimeout == .seconds(7))
        #expect(configuration.options.additionalStartupParameters.map { "\($0.0)=\($0.1)" } == ["application_name=site-b"])
    }

    @Test func theTLSModesBecomePostgresNIOs() throws {
        let disabled = try resolve("postgresql://h?sslmode=disable").connectionConfiguration().tls
        #expect(!disabled.isAllowed && disabled.sslContext == nil)
        let preferred = try resolve("postgresql://h?sslmode=prefer").connectionConfiguration().tls
        #expect(preferred.isAllowed && !preferred.isEnforced)
        let required = try resolve("postgresql://h?sslmode=verify-full&sslrootcert=system").connectionConfiguration().tls
        #expect(required.isEnforced)
    }

    @Test func aSocketLocationBecomesASocketConfigurationWithoutTLS() throws {
        let configuration = try resolve("postgresql:///study?host=/run/pg&port=5999&sslmode=require").connectionConfiguration()
        #expect(configuration.unixSocketPath == "/run/pg/.s.PGSQL.5999" && configuration.host == nil)
        #expect(!configuration.tls.isAllowed)
    }

    @Test func eachCheckIsNIOSSLsVerification() {
        #expect(PostgresTLSPolicy.Check.none.tlsConfiguration.certificateVerification == .none)
        let chain = PostgresTLSPolicy.Check.chain(.file("/ca.pem")).tlsConfiguration
        #expect(chain.certificateVerification == .noHostnameVerification && chain.trustRoots == .file("/ca.pem"))
        let full = PostgresTLSPolicy.Check.chainAndHostname(.system).tlsConfiguration
        #expect(full.certificateVerification == .fullVerification && full.trustRoots == .default)
    }

    @Test func rootsThatAreNotCertificatesAreACleanError() throws {
        let root = home.write("not a certificate", to: "broken.pem")
        let location = try resolve("postgresql://h/db?sslmode=verify-full&sslrootcert=" + root)
        #expect {
            _ = try location.connectionConfiguration()
        } throws: { error in
            "\(error)".hasPrefix("cannot load the root certificates in \(root) for PostgreSQL's TLS: ")
        }
    }
}
