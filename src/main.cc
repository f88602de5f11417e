#include "cli/app.h"

int main(int argc, char** argv) { return vsctl::cli::run(argc, argv); }
