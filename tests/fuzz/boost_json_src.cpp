// Boost.JSON in its header-only form, compiled into the fuzz build so that
// its parser is instrumented (the normal build links libboost_json).
#include <boost/json/src.hpp>
