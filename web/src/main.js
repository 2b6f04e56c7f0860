// Entry of index.html: the page header and the 2-D sampler lab.
import './styles.css';
import { McmcLab } from './demos/mcmc/lab.js';

const lab = new McmcLab(document.getElementById('mcmc-lab'));
lab.start();
