// Pins the Gateway API module whose standard-channel CRDs the test bed installs
// (scripts/testbed build-gateway-api, install-gateway-api). Nothing is built from it: only its
// config/crd/standard/*.yaml are read from the module cache, so there is no code here and
// `go mod tidy` would drop the requirement; change the version with
// `go mod edit -require=sigs.k8s.io/gateway-api@vX.Y.Z && go mod download sigs.k8s.io/gateway-api`
// (which records both hashes in go.sum), and GATEWAY_API_VERSION in scripts/testbed.
//
// v1.6.3, not v1.7.0: v1.7.0's go.mod declares `go 1.27.0`, and the Go 1.26 toolchain the test
// bed builds with refuses it (`go mod download` reports "requires go >= 1.27.0"; with
// GOTOOLCHAIN=local it does not fetch a newer toolchain). v1.6.3 declares go 1.26.0.
module vsctl.dev/testbed/gateway-api

go 1.26.0

require sigs.k8s.io/gateway-api v1.6.3
