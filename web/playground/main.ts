// The playground page: 2-D data sets and an MNIST subset, networks with learnable activations trained live in a Web
// Worker, with the decision boundary, curves, learned shapes and gradient sizes.
import { pageHeader } from '../common/page.js';

pageHeader('playground.html');
