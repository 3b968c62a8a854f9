#include "actors/catalog.hpp"
#include "system/node/run_node.hpp"

int main(int argc, char** argv) {
  return lume::run_node(argc, argv, lume::all_kinds());
}
