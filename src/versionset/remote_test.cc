#include "versionset/remote.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

using namespace vsctl::versionset;

TEST_CASE("remote source: URLs are fetched, paths are read in place") {
  CHECK(is_remote("https://git.example.com/shop/arch.git"));
  CHECK(is_remote("file:///srv/git/arch.git"));
  CHECK(is_remote("ssh://git@example.com/shop/arch"));
  CHECK(is_remote("git@example.com:shop/arch.git"));
  CHECK(!is_remote("/srv/git/arch"));
  CHECK(!is_remote("./arch"));
  CHECK(!is_remote("dir/with@sign/x:y"));
}

TEST_CASE("remote source: one cache directory per URL, credentials never shown") {
  auto a = cache_path("/c", "https://example.com/a.git");
  CHECK(a.rfind("/c/", 0) == 0);
  CHECK(a.size() == std::string("/c/").size() + 16 + 4);
  CHECK(a != cache_path("/c", "https://example.com/b.git"));
  CHECK(a == cache_path("/c", "https://example.com/a.git"));
  CHECK(redact_url("https://user:s3cret@example.com/a.git") == "https://***@example.com/a.git");
  CHECK(redact_url("https://example.com/a@b.git") == "https://example.com/a@b.git");
  CHECK(redact_url("/srv/a") == "/srv/a");
}

TEST_CASE("remote source: a local path is returned as it is, with the branch to resolve") {
  auto c = sync({"/srv/arch", "main"}, "/nonexistent");
  REQUIRE(c);
  CHECK(c->path == "/srv/arch");
  CHECK(c->rev == "main");
}

TEST_CASE("remote source: a URL that cannot be fetched is a git error naming it, without its password") {
  auto dir = std::filesystem::temp_directory_path() / ("vsctl-reconcile-test-" + std::to_string(::getpid()));
  auto c = sync({"file://" + (dir / "missing.git").string(), "main"}, (dir / "cache").string());
  REQUIRE(!c);
  CHECK(c.error().kind == vsctl::util::ErrorKind::Git);
  CHECK(c.error().message.find("missing.git") != std::string::npos);
  auto d = sync({"https://user:s3cret@127.0.0.1:1/a.git", "main"}, (dir / "cache").string());
  REQUIRE(!d);
  CHECK(d.error().message.find("s3cret") == std::string::npos);
  std::filesystem::remove_all(dir);
}
