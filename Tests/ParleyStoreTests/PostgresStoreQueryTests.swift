import ParleyStore
import Testing

/// `Store.query` on PostgreSQL: cells in the query's column order, as on SQLite.
@Suite(.postgresServer) struct PostgresStoreQueryTests {
    @Test func cellsComeInTheQuerysColumnOrder() async throws {
        let store = try Store(postgres: try await PostgresTestServer.database())
        #expect(try store.query("SELECT 'a' AS f, 2 AS e, 'c' AS d, NULL AS c, 'e' AS b, 6 AS a") == [["a", "2", "c", "", "e", "6"]])
    }
}
