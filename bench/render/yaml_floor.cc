// The floor for rendering: yaml-cpp loading the same file into its node tree, nothing else.
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: yaml_floor FILE\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream ss;
  ss << in.rdbuf();
  YAML::Node n = YAML::Load(ss.str());
  return n.IsMap() ? 0 : 1;
}
